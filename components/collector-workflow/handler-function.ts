import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CollectorWorkflowFunctionArgs } from "./args";
import type { HandlerEnvironment } from "./handler-environment";
import { lambdaTrustPolicy } from "./iam-policies";
import { autoNamed, childName, lambdaLogGroupName } from "../shared/naming";
import type { CheckSite } from "../shared/input-check";
import { mergeTags, type ResolvedTags } from "../shared/tags";

/** Lambda's settings for the bundled handlers (functions/build.ts writes index.mjs). */
const HANDLER_RUNTIME = Object.freeze({
  runtime: "nodejs22.x",
  handler: "index.handler",
  architecture: "arm64",
});

export interface HandlerFunctionOptions {
  readonly parent: pulumi.Resource;
  /** The function's logical name, also the prefix of its children's. */
  readonly logicalName: string;
  /** The function's name in AWS, within Lambda's limit (shared/naming.ts). */
  readonly functionName: string;
  readonly description: string;
  readonly code: pulumi.Input<pulumi.asset.Archive>;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly settings: CollectorWorkflowFunctionArgs | undefined;
  readonly environment: HandlerEnvironment;
  /** The role's policy document, given the function's log group ARN. */
  readonly policy: (logGroupArn: pulumi.Output<string>) => pulumi.Output<string>;
  readonly tracing: boolean;
  readonly logRetentionDays: number;
  readonly logKmsKeyArn?: pulumi.Input<string>;
  readonly tags: ResolvedTags;
  /** Where the settings' tags are checked, and their key (`collector`, `processor`). */
  readonly site: CheckSite;
  readonly settingsKey: string;
  /** What the function reads at cold start, so it exists before the first invocation. */
  readonly dependsOn?: pulumi.Resource[];
}

export interface HandlerFunction {
  readonly fn: aws.lambda.Function;
  readonly role: aws.iam.Role;
  readonly rolePolicy: aws.iam.RolePolicy;
  readonly logGroup: aws.cloudwatch.LogGroup;
}

/**
 * A handler with its own role and log group. The function gets an explicit name so its log
 * group (/aws/lambda/<name>) exists, with retention, before the first invocation; otherwise
 * Lambda would create it with logs kept forever.
 */
export function createHandlerFunction(o: HandlerFunctionOptions): HandlerFunction {
  const child = { parent: o.parent };
  const name = o.functionName;
  const logical = o.logicalName;
  const logGroup = new aws.cloudwatch.LogGroup(
    childName(logical, "logs"),
    {
      name: lambdaLogGroupName(name),
      retentionInDays: o.logRetentionDays,
      kmsKeyId: o.logKmsKeyArn,
      tags: o.tags,
    },
    child,
  );
  const role = new aws.iam.Role(
    childName(logical, "role"),
    {
      ...autoNamed("iamRole", childName(logical, "role")),
      description: `Execution role of ${name}`,
      assumeRolePolicy: JSON.stringify(lambdaTrustPolicy()),
      tags: o.tags,
    },
    child,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    childName(logical, "policy"),
    { role: role.id, policy: o.policy(logGroup.arn) },
    child,
  );

  const s = o.settings;
  const environment = pulumi.output(o.environment).apply((handlerEnv) => ({
    // The handler's own variables win: they are what the code reads (clashes warn, see validate).
    variables: { ...s?.environment, ...handlerEnv },
  }));
  const inVpc = s?.subnetIds !== undefined || s?.securityGroupIds !== undefined;
  const fn = new aws.lambda.Function(
    logical,
    {
      description: o.description,
      memorySize: o.memoryMb,
      timeout: o.timeoutSeconds,
      reservedConcurrentExecutions: s?.reservedConcurrency,
      tracingConfig: { mode: o.tracing ? "Active" : "PassThrough" },
      layers: s?.layers,
      ephemeralStorage:
        s?.ephemeralStorageMb !== undefined ? { size: s.ephemeralStorageMb } : undefined,
      vpcConfig: inVpc
        ? { subnetIds: s?.subnetIds ?? [], securityGroupIds: s?.securityGroupIds ?? [] }
        : undefined,
      // The bundle, its entry point and runtime, the role and the log group's name are fixed.
      name,
      role: role.arn,
      code: o.code,
      handler: HANDLER_RUNTIME.handler,
      runtime: HANDLER_RUNTIME.runtime,
      architectures: [HANDLER_RUNTIME.architecture],
      environment,
      tags: mergeTags(o.site, `${o.settingsKey}.tags`, o.tags, s?.tags),
    },
    // The first invocation must find its log group and be allowed to write to it.
    { ...child, dependsOn: [logGroup, rolePolicy, ...(o.dependsOn ?? [])] },
  );
  return { fn, role, rolePolicy, logGroup };
}
