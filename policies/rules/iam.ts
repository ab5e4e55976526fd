import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { forType, type Props } from "./helpers";
import { list, statementsOf } from "./policy-document";
import { TYPES } from "./types";

/**
 * Actions AWS grants on no resource narrower than "*" (the Service Authorization Reference
 * lists no resource type for them), so `Resource: "*"` is allowed for these alone.
 */
export const WILDCARD_RESOURCE_ACTIONS: readonly string[] = Object.freeze([
  "cloudwatch:GetMetricData",
  "cloudwatch:PutMetricData",
  "ec2:DescribeInstances",
  "tag:GetResources",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  // The X-Ray SDK and Step Functions tracing read sampling rules account-wide.
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  // Vended log delivery (Step Functions, Lambda advanced logging) is configured account-wide.
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
]);

/** AWS-managed policies that grant a whole service or the whole account. */
const BROAD_MANAGED_POLICY =
  /^arn:aws[a-z-]*:iam::aws:policy\/(.*FullAccess|AdministratorAccess|PowerUserAccess)$/;

const isWildcardAction = (action: string) => action === "*" || /^[a-z0-9-]+:\*$/i.test(action);
const allowListed = (action: string) =>
  WILDCARD_RESOURCE_ACTIONS.some((a) => a.toLowerCase() === action.toLowerCase());

/** Reports every problem of one document; `where` names it in the message. */
function checkDocument(document: unknown, where: string, report: ReportViolation): void {
  const statements = statementsOf(document);
  if (!Array.isArray(statements)) {
    report(`${where} ${statements.error}.`);
    return;
  }
  statements.forEach((s, i) => {
    if (s.Effect !== "Allow") return;
    const at = `${where} statement ${s.Sid ?? i}`;
    if (s.NotAction !== undefined) report(`${at} allows NotAction, which grants everything else.`);
    const actions = list(s.Action);
    const broad = actions.filter(isWildcardAction);
    if (broad.length > 0) report(`${at} allows wildcard actions ${broad.join(", ")}.`);
    if (list(s.Resource).includes("*") || s.NotResource !== undefined) {
      const notAllowed = actions.filter((a) => !allowListed(a));
      if (notAllowed.length > 0) {
        report(
          `${at} grants ${notAllowed.join(", ")} on Resource "*"; only ${WILDCARD_RESOURCE_ACTIONS.join(", ")} may use "*".`,
        );
      }
    }
  });
}

export const iamLeastPrivilege: ResourceValidationPolicy = {
  name: "iam-least-privilege",
  description:
    'IAM policies allow no "*" or "service:*" actions, and "*" resources only for actions AWS grants on nothing narrower.',
  enforcementLevel: "mandatory",
  validateResource: [
    forType(TYPES.role, (props, _args, report) => {
      for (const inline of (props.inlinePolicies as Props[] | undefined) ?? []) {
        if (inline.policy !== undefined) {
          checkDocument(inline.policy, `Inline policy ${inline.name ?? "(unnamed)"}`, report);
        }
      }
    }),
    forType(TYPES.rolePolicy, (props, _args, report) =>
      checkDocument(props.policy, "Policy", report),
    ),
    forType(TYPES.policy, (props, _args, report) => checkDocument(props.policy, "Policy", report)),
  ],
};

export const iamNoBroadManagedPolicies: ResourceValidationPolicy = {
  name: "iam-no-broad-managed-policies",
  description:
    "Roles get no AWS-managed *FullAccess, AdministratorAccess or PowerUserAccess policy.",
  enforcementLevel: "mandatory",
  validateResource: [
    forType(TYPES.rolePolicyAttachment, (props, _args, report) => {
      const arn = String(props.policyArn);
      if (BROAD_MANAGED_POLICY.test(arn)) report(`Attaches the broad AWS-managed policy ${arn}.`);
    }),
    forType(TYPES.role, (props, _args, report) => {
      for (const arn of (props.managedPolicyArns as string[] | undefined) ?? []) {
        if (BROAD_MANAGED_POLICY.test(arn)) report(`Attaches the broad AWS-managed policy ${arn}.`);
      }
    }),
  ],
};

export const iamPolicies: readonly ResourceValidationPolicy[] = [
  iamLeastPrivilege,
  iamNoBroadManagedPolicies,
];
