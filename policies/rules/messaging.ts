import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forType, isSet } from "./helpers";
import { TYPES } from "./types";

export const snsEncryption: ResourceValidationPolicy = {
  name: "sns-encryption",
  description: "SNS topics are encrypted with KMS (kmsMasterKeyId, e.g. alias/aws/sns).",
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.topic, (props, _args, report) => {
    if (!isSet(() => props.kmsMasterKeyId)) report("The topic is not encrypted (kmsMasterKeyId).");
  }),
};

export const sqsEncryption: ResourceValidationPolicy = {
  name: "sqs-encryption",
  description: "SQS queues are encrypted, with SSE-SQS or a KMS key.",
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.queue, (props, _args, report) => {
    if (props.sqsManagedSseEnabled !== true && !isSet(() => props.kmsMasterKeyId)) {
      report("The queue is not encrypted (sqsManagedSseEnabled or kmsMasterKeyId).");
    }
  }),
};

export const messagingPolicies: readonly ResourceValidationPolicy[] = [
  snsEncryption,
  sqsEncryption,
];
