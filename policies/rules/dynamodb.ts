import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forType } from "./helpers";
import { TYPES } from "./types";

export const dynamodbPointInTimeRecovery: ResourceValidationPolicy = {
  name: "dynamodb-point-in-time-recovery",
  description: "DynamoDB tables have point-in-time recovery enabled.",
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.table, (props, _args, report) => {
    if (props.pointInTimeRecovery?.enabled !== true) {
      report("Point-in-time recovery is not enabled (pointInTimeRecovery.enabled).");
    }
  }),
};

export const dynamodbEncryption: ResourceValidationPolicy = {
  name: "dynamodb-encryption",
  description:
    "DynamoDB tables are encrypted with a KMS key (AWS-managed or customer-managed), not the AWS-owned default.",
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.table, (props, _args, report) => {
    if (props.serverSideEncryption?.enabled !== true) {
      report("Server-side encryption with KMS is not enabled (serverSideEncryption.enabled).");
    }
  }),
};

export const dynamodbPolicies: readonly ResourceValidationPolicy[] = [
  dynamodbPointInTimeRecovery,
  dynamodbEncryption,
];
