import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedTags } from "../shared/tags";
import { autoNamed, childName } from "../shared/naming";
import { COLLECTOR_WORKFLOW_DEFAULTS } from "../../contract/defaults/collector-workflow";

export interface EncryptedQueue {
  readonly queue: aws.sqs.Queue;
  readonly policy: aws.sqs.QueuePolicy;
}

/**
 * A dead-letter style queue: encrypted at rest (SSE-SQS, or the given KMS key), messages kept
 * the maximum 14 days, and a policy refusing any request not made over TLS.
 */
export function createEncryptedQueue(
  name: string,
  parent: pulumi.Resource,
  tags: ResolvedTags,
  kmsKeyArn?: pulumi.Input<string>,
  /** An EventBridge rule whose undeliverable events this queue receives. */
  deadLetterOfRule?: pulumi.Input<string>,
): EncryptedQueue {
  const queue = new aws.sqs.Queue(
    name,
    {
      ...autoNamed("sqsQueue", name),
      messageRetentionSeconds: COLLECTOR_WORKFLOW_DEFAULTS.queueRetentionSeconds,
      ...(kmsKeyArn ? { kmsMasterKeyId: kmsKeyArn } : { sqsManagedSseEnabled: true }),
      tags,
    },
    { parent },
  );
  const policy = new aws.sqs.QueuePolicy(
    childName(name, "policy"),
    {
      queueUrl: queue.url,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sqs:*",
            Resource: queue.arn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          ...(deadLetterOfRule
            ? [
                {
                  Sid: "AllowRuleDeadLetters",
                  Effect: "Allow",
                  Principal: { Service: "events.amazonaws.com" },
                  Action: "sqs:SendMessage",
                  Resource: queue.arn,
                  Condition: { ArnEquals: { "aws:SourceArn": deadLetterOfRule } },
                },
              ]
            : []),
        ],
      }),
    },
    { parent },
  );
  return { queue, policy };
}
