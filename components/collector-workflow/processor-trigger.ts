import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PROCESSOR_TRIGGER_PREFIXES } from "../../functions/shared/lake";
import type { CollectorWorkflowArgs } from "./args";
import { COLLECTOR_WORKFLOW_DEFAULTS as D } from "./defaults";
import type { HandlerFunction } from "./handler-function";
import type { AccountScope } from "../shared/account-scope";

/**
 * S3 invokes the processor asynchronously for every new raw object. A bucket has exactly one
 * notification configuration: this resource owns the lake's, so nothing else may add one.
 */
export function wireLakeToProcessor(
  parent: pulumi.Resource,
  name: string,
  args: CollectorWorkflowArgs,
  processor: HandlerFunction,
  failureQueueArn: pulumi.Output<string>,
  scope: pulumi.Output<AccountScope>,
): void {
  const child = { parent };
  const permission = new aws.lambda.Permission(
    `${name}-processor-s3-invoke`,
    {
      action: "lambda:InvokeFunction",
      function: processor.fn.name,
      principal: "s3.amazonaws.com",
      // Only the lake, in this account (bucket names can be re-registered by anyone).
      sourceArn: args.lakeBucketArn,
      sourceAccount: scope.accountId,
    },
    child,
  );
  const p = args.processor;
  new aws.lambda.FunctionEventInvokeConfig(
    `${name}-processor-async`,
    {
      functionName: processor.fn.name,
      maximumRetryAttempts: p?.maximumRetryAttempts ?? D.processorAsync.maximumRetryAttempts,
      maximumEventAgeInSeconds:
        p?.maximumEventAgeInSeconds ?? D.processorAsync.maximumEventAgeInSeconds,
      destinationConfig: { onFailure: { destination: failureQueueArn } },
    },
    // Lambda checks that the role may send to the destination.
    { ...child, dependsOn: [processor.rolePolicy] },
  );
  new aws.s3.BucketNotification(
    `${name}-lake-notification`,
    {
      bucket: args.lakeBucketName,
      lambdaFunctions: PROCESSOR_TRIGGER_PREFIXES.map((prefix) => ({
        id: `${prefix.replace("/", "")}-to-processor`,
        lambdaFunctionArn: processor.fn.arn,
        events: ["s3:ObjectCreated:*"],
        filterPrefix: prefix,
      })),
    },
    // S3 test-invokes the destination when the configuration is saved.
    { ...child, dependsOn: [permission] },
  );
}
