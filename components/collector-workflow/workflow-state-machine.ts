import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CollectorWorkflowArgs } from "./args";
import { COLLECTOR_WORKFLOW_DEFAULTS as D } from "./defaults";
import { buildDefinition } from "./definition";
import { definitionOptions } from "./definition-options";
import type { AccountScope } from "../shared/account-scope";
import { stateMachinePolicy, stateMachineTrustPolicy } from "./iam-policies";

/** The state machine, its role and its log group. */
export function createWorkflowStateMachine(
  parent: pulumi.Resource,
  name: string,
  args: CollectorWorkflowArgs,
  collectorArn: pulumi.Output<string>,
  scope: pulumi.Output<AccountScope>,
  topicKey: pulumi.Output<string | undefined>,
) {
  const child = { parent };
  const tags = args.tags ?? {};
  // validateCollectorWorkflowArgs accepts only these two.
  const type = (args.workflowType ?? D.workflowType) as keyof typeof D.stateMachineLogLevel;
  const level = args.stateMachineLogLevel ?? D.stateMachineLogLevel[type];
  // A fixed name, so the role can trust exactly this state machine before it exists.
  const stateMachineName = `${name}-workflow`;
  // The vendedlogs prefix keeps CloudWatch Logs' resource policy from growing per log group.
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-workflow-logs`,
    {
      name: `/aws/vendedlogs/states/${name}-workflow`,
      retentionInDays: args.logRetentionDays ?? D.logRetentionDays,
      kmsKeyId: args.logKmsKeyArn,
      tags,
    },
    child,
  );
  const role = new aws.iam.Role(
    `${name}-workflow-role`,
    {
      description: `Execution role of the ${name} state machine`,
      assumeRolePolicy: scope.apply((s) =>
        JSON.stringify(stateMachineTrustPolicy(s, stateMachineName)),
      ),
      tags,
    },
    child,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-workflow-policy`,
    {
      role: role.id,
      policy: pulumi.all([collectorArn, args.alertTopicArn, topicKey]).apply(([fn, topic, key]) =>
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
    `${name}-workflow`,
    {
      name: stateMachineName,
      type,
      roleArn: role.arn,
      definition,
      loggingConfiguration: {
        level,
        // Express keeps no execution history: its logs are the only record of the data.
        includeExecutionData: type === "EXPRESS",
        logDestination: pulumi.interpolate`${logGroup.arn}:*`,
      },
      tracingConfiguration: { enabled: args.tracing ?? D.tracing },
      tags,
    },
    // Step Functions checks the role's log-delivery permissions on creation.
    { ...child, dependsOn: [rolePolicy] },
  );
  return { stateMachine, role, logGroup };
}
