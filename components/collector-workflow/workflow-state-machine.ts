import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CollectorWorkflowArgs } from "./args";
import { buildDefinition } from "./definition";
import { definitionOptions } from "./definition-options";
import type { AccountScope } from "../shared/account-scope";
import { stateMachinePolicy, stateMachineTrustPolicy } from "./iam-policies";
import type { ResolvedCollectorWorkflow } from "./resolve";

/** The state machine, its role and its log group. */
export function createWorkflowStateMachine(
  parent: pulumi.Resource,
  r: ResolvedCollectorWorkflow,
  args: CollectorWorkflowArgs,
  collectorArn: pulumi.Output<string>,
  scope: pulumi.Output<AccountScope>,
) {
  const child = { parent };
  const { names, tags } = r;
  // A fixed name, so the role can trust exactly this state machine before it exists.
  const stateMachineName = r.stateMachine;
  const logGroup = new aws.cloudwatch.LogGroup(
    names.logical("workflow", "logs"),
    {
      name: r.logGroups[2],
      retentionInDays: r.logRetentionDays,
      kmsKeyId: args.logKmsKeyArn,
      tags,
    },
    child,
  );
  const roleName = names.logical("workflow", "role");
  const role = new aws.iam.Role(
    roleName,
    {
      ...names.autoNamed("iamRole", roleName),
      description: `Execution role of the ${names.prefix} state machine`,
      assumeRolePolicy: scope.apply((s) =>
        JSON.stringify(stateMachineTrustPolicy(s, stateMachineName)),
      ),
      tags,
    },
    child,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    names.logical("workflow", "policy"),
    {
      role: role.id,
      policy: pulumi.all([collectorArn, args.alertTopicArn, r.topicKey]).apply(([fn, topic, key]) =>
        JSON.stringify(
          stateMachinePolicy({
            collectorFunctionArn: fn,
            alertTopicArn: topic,
            alertTopicKmsKeyArn: key,
          }),
        ),
      ),
    },
    child,
  );
  const definition = pulumi
    .all([collectorArn, args.alertTopicArn])
    .apply(([fn, topic]) =>
      JSON.stringify(buildDefinition(definitionOptions(args, fn, topic)), null, 2),
    );
  const stateMachine = new aws.sfn.StateMachine(
    names.logical("workflow"),
    {
      name: stateMachineName,
      type: r.workflowType,
      roleArn: role.arn,
      definition,
      loggingConfiguration: {
        level: r.stateMachineLogLevel,
        // Express keeps no execution history: its logs are the only record of the data.
        includeExecutionData: r.workflowType === "EXPRESS",
        logDestination: pulumi.interpolate`${logGroup.arn}:*`,
      },
      tracingConfiguration: { enabled: r.tracing },
      tags,
    },
    // Step Functions checks the role's log-delivery permissions on creation.
    { ...child, dependsOn: [rolePolicy] },
  );
  return { stateMachine, role, logGroup };
}
