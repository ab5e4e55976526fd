/**
 * Every rule of the pack, as plain arrays: the pack (policies/index.ts), the tests and the
 * offline check all use these.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { alarmCoverage } from "./alarms";
import { monthlyBudget } from "./budget";
import { dynamodbPolicies } from "./dynamodb";
import { iamPolicies } from "./iam";
import { lambdaResourcePolicies, lambdaStackPolicies } from "./lambda";
import { messagingPolicies } from "./messaging";
import { observabilityPolicies } from "./observability";
import { s3Policies } from "./s3";
import { requiredTags } from "./tags";

export const resourcePolicies: readonly ResourceValidationPolicy[] = [
  ...dynamodbPolicies,
  ...lambdaResourcePolicies,
  ...iamPolicies,
  ...messagingPolicies,
  ...observabilityPolicies,
  requiredTags,
];

export const stackPolicies: readonly StackValidationPolicy[] = [
  ...s3Policies,
  ...lambdaStackPolicies,
  alarmCoverage,
  monthlyBudget,
];

export { REQUIRED_TAG_KEYS, TYPES } from "./types";
