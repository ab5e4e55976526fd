import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { known, label, ofType, referencing, type Props } from "./helpers";
import { list, statementsOf } from "./policy-document";
import { TYPES } from "./types";

const ENCRYPTION_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];
const PUBLIC_ACCESS_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

/** A stack rule that looks at each bucket with the sub-resources that point at it. */
function perBucket(
  check: (
    bucket: PolicyResource,
    resources: readonly PolicyResource[],
    report: (message: string) => void,
  ) => void,
): StackValidationPolicy["validateStack"] {
  return (args, report: ReportViolation) => {
    for (const bucket of ofType(args.resources, TYPES.bucket)) {
      check(bucket, args.resources, (message) => report(message, bucket.urn));
    }
  };
}

export const s3BucketEncryption: StackValidationPolicy = {
  name: "s3-bucket-encryption",
  description: "Every S3 bucket has default encryption (SSE-S3 or SSE-KMS).",
  enforcementLevel: "mandatory",
  validateStack: perBucket((bucket, resources, report) => {
    const configs = referencing(resources, TYPES.encryption, "bucket", bucket);
    if (configs.length === 0) {
      report(`${label(bucket)} has no BucketServerSideEncryptionConfiguration.`);
      return;
    }
    for (const config of configs) {
      const rules = known(() => config.props.rules as Props[] | undefined);
      if (rules === undefined) continue;
      const algorithms = rules.map(
        (r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm as string | undefined,
      );
      if (!algorithms.some((a) => a !== undefined && ENCRYPTION_ALGORITHMS.includes(a))) {
        report(
          `${label(bucket)}: encryption configuration ${config.name} sets no default algorithm (${ENCRYPTION_ALGORITHMS.join(", ")}).`,
        );
      }
    }
  }),
};

export const s3PublicAccessBlock: StackValidationPolicy = {
  name: "s3-public-access-block",
  description: "Every S3 bucket blocks public access with all four settings.",
  enforcementLevel: "mandatory",
  validateStack: perBucket((bucket, resources, report) => {
    const blocks = referencing(resources, TYPES.publicAccessBlock, "bucket", bucket);
    if (blocks.length === 0) {
      report(`${label(bucket)} has no BucketPublicAccessBlock.`);
      return;
    }
    for (const block of blocks) {
      const off = PUBLIC_ACCESS_FLAGS.filter((flag) => known(() => block.props[flag]) !== true);
      if (off.length > 0) {
        report(`${label(bucket)}: public access block ${block.name} leaves ${off.join(", ")} off.`);
      }
    }
  }),
};

/** A Deny of every S3 action when aws:SecureTransport is false. */
function deniesInsecureTransport(document: unknown): boolean {
  const statements = statementsOf(document);
  if (!Array.isArray(statements)) return false;
  return statements.some((s) => {
    const secure = s.Condition?.Bool?.["aws:SecureTransport"];
    const actions = list(s.Action);
    return (
      s.Effect === "Deny" &&
      (secure === "false" || secure === false) &&
      (actions.includes("s3:*") || actions.includes("*"))
    );
  });
}

export const s3TlsOnly: StackValidationPolicy = {
  name: "s3-tls-only",
  description: "Every S3 bucket has a policy that denies requests not made over TLS.",
  enforcementLevel: "mandatory",
  validateStack: perBucket((bucket, resources, report) => {
    const policies = referencing(resources, TYPES.bucketPolicy, "bucket", bucket);
    if (policies.length === 0) {
      report(`${label(bucket)} has no bucket policy; it needs one that denies non-TLS requests.`);
      return;
    }
    // The document embeds the bucket's ARN, so it is unknown in a preview of a new bucket.
    const documents = policies.map((p) => known(() => p.props.policy as unknown));
    if (documents.some((d) => d === undefined)) return;
    if (!documents.some(deniesInsecureTransport)) {
      report(
        `${label(bucket)}: the bucket policy has no Deny of s3:* when aws:SecureTransport is false.`,
      );
    }
  }),
};

export const s3Lifecycle: StackValidationPolicy = {
  name: "s3-lifecycle",
  description: "Every S3 bucket has a lifecycle configuration with an enabled rule.",
  enforcementLevel: "mandatory",
  validateStack: perBucket((bucket, resources, report) => {
    const configs = referencing(resources, TYPES.lifecycle, "bucket", bucket);
    if (configs.length === 0) {
      report(`${label(bucket)} has no BucketLifecycleConfiguration.`);
      return;
    }
    const enabled = configs.some((c) =>
      (known(() => c.props.rules as Props[] | undefined) ?? []).some((r) => r.status === "Enabled"),
    );
    if (!enabled) report(`${label(bucket)}: the lifecycle configuration has no enabled rule.`);
  }),
};

/** A bucket that receives another bucket's server access logs. */
function isLogTarget(bucket: PolicyResource, resources: readonly PolicyResource[]): boolean {
  return referencing(resources, TYPES.bucketLogging, "targetBucket", bucket).length > 0;
}

/** A bucket an Athena workgroup writes its query results to. */
function isQueryResults(bucket: PolicyResource, resources: readonly PolicyResource[]): boolean {
  const bucketName = known(() => bucket.props.bucket as unknown);
  return ofType(resources, TYPES.workgroup).some((wg) => {
    if (wg.propertyDependencies.configuration?.some((d) => d.urn === bucket.urn)) return true;
    const location = known(
      () => wg.props.configuration?.resultConfiguration?.outputLocation as unknown,
    );
    return (
      typeof bucketName === "string" &&
      typeof location === "string" &&
      location.startsWith(`s3://${bucketName}/`)
    );
  });
}

/** Buckets that receive server access logs or Athena results: rewritten, never edited. */
function receivesLogsOrResults(bucket: PolicyResource, resources: readonly PolicyResource[]) {
  return isLogTarget(bucket, resources) || isQueryResults(bucket, resources);
}

export const s3Versioning: StackValidationPolicy = {
  name: "s3-versioning",
  description:
    "Every S3 data bucket (the lake) has versioning enabled; access-log and query-result buckets are exempt.",
  enforcementLevel: "mandatory",
  validateStack: perBucket((bucket, resources, report) => {
    if (receivesLogsOrResults(bucket, resources)) return;
    const configs = referencing(resources, TYPES.versioning, "bucket", bucket);
    const status = configs.map((c) => known(() => c.props.versioningConfiguration?.status));
    if (!status.includes("Enabled")) {
      report(`${label(bucket)} holds data but versioning is not enabled.`);
    }
  }),
};

export const s3AccessLogging: StackValidationPolicy = {
  name: "s3-access-logging",
  description:
    "Every S3 bucket has server access logging, except a bucket that receives access logs (logging it would log itself) and an Athena query-results bucket (only Athena writes it, and each query is already recorded in the workgroup's history and CloudTrail).",
  enforcementLevel: "mandatory",
  validateStack: perBucket((bucket, resources, report) => {
    if (receivesLogsOrResults(bucket, resources)) return;
    const logging = referencing(resources, TYPES.bucketLogging, "bucket", bucket);
    if (logging.length === 0) {
      report(`${label(bucket)} has no server access logging (BucketLogging).`);
    }
  }),
};

export const s3Policies: readonly StackValidationPolicy[] = [
  s3BucketEncryption,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3Lifecycle,
  s3Versioning,
  s3AccessLogging,
];
