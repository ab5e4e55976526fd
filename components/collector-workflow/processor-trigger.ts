import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PROCESSOR_TRIGGER_PREFIXES } from "../../contract/lake";
import type { CollectorWorkflowArgs } from "./args";
import type { HandlerFunction } from "./handler-function";
import type { AccountScope } from "../shared/account-scope";
import type { ChildNames } from "../shared/naming";
import type { ResolvedCollectorWorkflow } from "./resolve";

/** EventBridge's "Object Created" events of the lake's raw prefixes. */
export function lakeEventPattern(bucketName: string): Record<string, unknown> {
  return {
    source: ["aws.s3"],
    "detail-type": ["Object Created"],
    detail: {
      bucket: { name: [bucketName] },
      object: { key: PROCESSOR_TRIGGER_PREFIXES.map((prefix) => ({ prefix })) },
    },
  };
}

/** The rule matching the lake's new raw objects (and, by default, EventBridge delivery on). */
export function createLakeRule(
  parent: pulumi.Resource,
  names: ChildNames,
  args: CollectorWorkflowArgs,
): aws.cloudwatch.EventRule {
  const child = { parent };
  if (args.lakeEventBridge ?? true) {
    new aws.s3.BucketNotification(
      names.logical("lake-notification"),
      { bucket: args.lakeBucketName, eventbridge: true },
      child,
    );
  }
  return new aws.cloudwatch.EventRule(
    names.logical("lake-objects"),
    {
      ...names.autoNamed("eventRule", names.logical("lake-objects")),
      description: "New raw-metrics/ and raw-logs/ objects of the lake, for the log processor",
      eventPattern: pulumi
        .output(args.lakeBucketName)
        .apply((bucket) => JSON.stringify(lakeEventPattern(bucket))),
      tags: args.tags ?? {},
    },
    child,
  );
}

/**
 * S3 -> EventBridge -> the processor. A bucket has one notification configuration; with
 * EventBridge delivery on, any number of rules (other teams' included) receive its events,
 * so nothing here cuts off another consumer. Delivery failures go to the failure queue.
 */
export function wireLakeToProcessor(
  parent: pulumi.Resource,
  r: ResolvedCollectorWorkflow,
  rule: aws.cloudwatch.EventRule,
  processor: HandlerFunction,
  failureQueue: aws.sqs.Queue,
  scope: pulumi.Output<AccountScope>,
): void {
  const child = { parent };
  const { maximumRetryAttempts, maximumEventAgeInSeconds } = r.processorAsync;
  const permission = new aws.lambda.Permission(
    r.names.logical("processor-events-invoke"),
    {
      action: "lambda:InvokeFunction",
      function: processor.fn.name,
      principal: "events.amazonaws.com",
      // Only this rule, in this account.
      sourceArn: rule.arn,
      sourceAccount: scope.accountId,
    },
    child,
  );
  new aws.cloudwatch.EventTarget(
    r.names.logical("lake-objects-processor"),
    {
      rule: rule.name,
      arn: processor.fn.arn,
      retryPolicy: { maximumRetryAttempts, maximumEventAgeInSeconds },
      deadLetterConfig: { arn: failureQueue.arn },
    },
    { ...child, dependsOn: [permission] },
  );
  new aws.lambda.FunctionEventInvokeConfig(
    r.names.logical("processor-async"),
    {
      functionName: processor.fn.name,
      maximumRetryAttempts,
      maximumEventAgeInSeconds,
      destinationConfig: { onFailure: { destination: failureQueue.arn } },
    },
    // Lambda checks that the role may send to the destination.
    { ...child, dependsOn: [processor.rolePolicy] },
  );
}
