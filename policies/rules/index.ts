/**
 * Every rule of the pack, as plain arrays: the pack (policies/index.ts), the tests and the
 * offline check all use these.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { alarmCoverage } from "./alarms";
import { athenaScanCutoff } from "./athena-scans";
import { monthlyBudget } from "./budget";
import { dynamodbPolicies } from "./dynamodb";
import { iamPolicies } from "./iam";
import { lambdaResourcePolicies, lambdaStackPolicies } from "./lambda";
import { messagingPolicies } from "./messaging";
import { observabilityPolicies } from "./observability";
import { organizationTrustScoped } from "./organization";
import { resourcePolicyPolicies } from "./resource-policies";
import { s3Policies } from "./s3";
import { requiredTags } from "./tags";

/** The pack's name, as policies/index.ts registers it. */
export const PACK_NAME = "infra-monitoring";

export const resourcePolicies: readonly ResourceValidationPolicy[] = [
  ...dynamodbPolicies,
  ...lambdaResourcePolicies,
  ...iamPolicies,
  ...messagingPolicies,
  ...observabilityPolicies,
  ...resourcePolicyPolicies,
  organizationTrustScoped,
  requiredTags,
];

export const stackPolicies: readonly StackValidationPolicy[] = [
  ...s3Policies,
  ...lambdaStackPolicies,
  alarmCoverage,
  athenaScanCutoff,
  monthlyBudget,
];

export { REQUIRED_TAG_KEYS, TYPES } from "./types";
