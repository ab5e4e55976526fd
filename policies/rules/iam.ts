import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { forType, type Props } from "./helpers";
import {
  actionCovers,
  conditionValues,
  list,
  narrowedBy,
  servicePrincipals,
  statementsOf,
} from "./policy-document";
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

/** The validations that run `check` on every identity policy document of a role. */
function everyDocument(
  check: (document: unknown, where: string, report: ReportViolation) => void,
): ResourceValidationPolicy["validateResource"] {
  return [
    forType(TYPES.role, (props, _args, report) => {
      for (const inline of (props.inlinePolicies as Props[] | undefined) ?? []) {
        if (inline.policy !== undefined) {
          check(inline.policy, `Inline policy ${inline.name ?? "(unnamed)"}`, report);
        }
      }
    }),
    forType(TYPES.rolePolicy, (props, _args, report) => check(props.policy, "Policy", report)),
    forType(TYPES.policy, (props, _args, report) => check(props.policy, "Policy", report)),
  ];
}

export const iamLeastPrivilege: ResourceValidationPolicy = {
  name: "iam-least-privilege",
  description:
    'IAM policies allow no "*" or "service:*" actions, and "*" resources only for actions AWS grants on nothing narrower.',
  enforcementLevel: "mandatory",
  validateResource: everyDocument(checkDocument),
};

/**
 * iam:PassRole lets the holder hand a role to a service: on "*", or without naming the
 * service (iam:PassedToService), it can pass any role, an administrator's included.
 */
function checkPassRole(document: unknown, where: string, report: ReportViolation): void {
  const statements = statementsOf(document);
  if (!Array.isArray(statements)) return;
  statements.forEach((s, i) => {
    if (s.Effect !== "Allow") return;
    if (!list(s.Action).some((a) => actionCovers(a, "iam:PassRole"))) return;
    const at = `${where} statement ${s.Sid ?? i}`;
    if (list(s.Resource).includes("*") || s.NotResource !== undefined) {
      report(`${at} allows iam:PassRole on every role (Resource "*"); name the roles.`);
    }
    if (conditionValues(s, "iam:PassedToService").length === 0) {
      report(`${at} allows iam:PassRole without an iam:PassedToService condition.`);
    }
  });
}

export const iamPassRoleScoped: ResourceValidationPolicy = {
  name: "iam-passrole-scoped",
  description:
    'iam:PassRole is granted on named roles only, never "*", and limited by iam:PassedToService.',
  enforcementLevel: "mandatory",
  validateResource: everyDocument(checkPassRole),
};

/**
 * Services that assume an execution role handed to them with iam:PassRole and send no
 * aws:SourceAccount/aws:SourceArn when they do (a condition on those keys would lock them out).
 * PassRole, checked above, is what guards these roles.
 */
export const PASSED_ROLE_SERVICES: readonly string[] = Object.freeze([
  "lambda.amazonaws.com",
  "edgelambda.amazonaws.com",
  "ec2.amazonaws.com",
]);

/** Keys that stop another account's resource from making the service assume this role. */
export const CONFUSED_DEPUTY_KEYS: readonly string[] = Object.freeze([
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceOrgID",
]);

export const iamTrustConfusedDeputy: ResourceValidationPolicy = {
  name: "iam-trust-confused-deputy",
  description: `Roles assumed by AWS services (other than the execution roles of ${PASSED_ROLE_SERVICES.join(", ")}) trust them only with ${CONFUSED_DEPUTY_KEYS.join(", ")}.`,
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.role, (props, _args, report) => {
    const statements = statementsOf(props.assumeRolePolicy);
    if (!Array.isArray(statements)) {
      report(`The trust policy ${statements.error}.`);
      return;
    }
    statements.forEach((s, i) => {
      if (s.Effect !== "Allow") return;
      const services = servicePrincipals(s.Principal).filter(
        (p) => !PASSED_ROLE_SERVICES.includes(p),
      );
      if (services.length === 0 || narrowedBy(s, CONFUSED_DEPUTY_KEYS)) return;
      report(
        `Trust statement ${s.Sid ?? i} lets ${services.join(", ")} assume the role without a ${CONFUSED_DEPUTY_KEYS.join(", ")} condition (confused deputy).`,
      );
    });
  }),
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
  iamPassRoleScoped,
  iamTrustConfusedDeputy,
];
