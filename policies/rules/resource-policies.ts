import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { forType } from "./helpers";
import { isPublicPrincipal, narrowedBy, statementsOf } from "./policy-document";
import { TYPES } from "./types";

/**
 * Condition keys that tie a "*" principal to this organization, account or source resource.
 * A public-access block does not stop SQS, SNS or KMS, and S3's only when it is on: the
 * document itself must not grant the world.
 */
export const NARROWING_KEYS: readonly string[] = Object.freeze([
  "aws:SourceArn",
  "aws:SourceAccount",
  "aws:PrincipalOrgID",
]);

function checkResourcePolicy(document: unknown, report: ReportViolation): void {
  if (document === undefined || document === null || document === "") return;
  const statements = statementsOf(document);
  if (!Array.isArray(statements)) {
    report(`The resource policy ${statements.error}.`);
    return;
  }
  statements.forEach((s, i) => {
    if (s.Effect !== "Allow" || !isPublicPrincipal(s.Principal)) return;
    if (narrowedBy(s, NARROWING_KEYS)) return;
    report(
      `Statement ${s.Sid ?? i} allows Principal "*" without a ${NARROWING_KEYS.join(", ")} condition.`,
    );
  });
}

/** Every type that carries a resource policy in `policy`. */
const RESOURCE_POLICY_TYPES = [
  TYPES.bucketPolicy,
  TYPES.queue,
  TYPES.queuePolicy,
  TYPES.topic,
  TYPES.topicPolicy,
  TYPES.kmsKey,
];

export const noPublicResourcePolicy: ResourceValidationPolicy = {
  name: "no-public-resource-policy",
  description: `S3 bucket, SQS queue, SNS topic and KMS key policies allow Principal "*" only when narrowed by ${NARROWING_KEYS.join(", ")}.`,
  enforcementLevel: "mandatory",
  validateResource: RESOURCE_POLICY_TYPES.map((type) =>
    forType(type, (props, _args, report) => checkResourcePolicy(props.policy, report)),
  ),
};

/** Key specs that support automatic rotation (asymmetric and HMAC keys do not). */
const ROTATABLE_SPECS = ["SYMMETRIC_DEFAULT"];

export const kmsKeyRotation: ResourceValidationPolicy = {
  name: "kms-key-rotation",
  description: "Customer-managed symmetric KMS keys rotate their key material automatically.",
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.kmsKey, (props, _args, report) => {
    const spec = (props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") as string;
    if (!ROTATABLE_SPECS.includes(spec)) return;
    if (props.enableKeyRotation !== true) {
      report("Automatic key rotation is off (enableKeyRotation).");
    }
  }),
};

export const resourcePolicyPolicies: readonly ResourceValidationPolicy[] = [
  noPublicResourcePolicy,
  kmsKeyRotation,
];
