import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CheckSite } from "./input-check";
import { autoNamed, childName } from "./naming";
import { mergeTags, type ResolvedTags, type TagsInput } from "./tags";

export interface SecureBucketOptions {
  /** The component that owns the bucket. */
  readonly parent: pulumi.Resource;
  readonly tags: ResolvedTags;
  /** SSE-KMS with this key; SSE-S3 when absent. */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Let `pulumi destroy` delete a bucket that still holds objects. */
  readonly forceDestroy: boolean;
  /** Statements added to the TLS-only bucket policy (e.g. a log-delivery grant). */
  readonly extraStatements?: (bucketArn: pulumi.Output<string>) => aws.iam.PolicyStatement[];
  /** Caller tags of the bucket, over `tags`, and where they are checked (`key` names them). */
  readonly bucketTags?: {
    readonly site: CheckSite;
    readonly key: string;
    readonly tags: TagsInput | undefined;
  };
}

export interface SecureBucket {
  readonly bucket: aws.s3.Bucket;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly ownership: aws.s3.BucketOwnershipControls;
  readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
  readonly policy: aws.s3.BucketPolicy;
}

/**
 * A bucket with the protections every bucket of the pipeline has: all four public-access
 * blocks, ACLs disabled (bucket owner enforced), default encryption and a policy that denies
 * any request not made over TLS. Children are named `<name>-<part>` (shared/naming.ts).
 */
export function createSecureBucket(name: string, opts: SecureBucketOptions): SecureBucket {
  const child = { parent: opts.parent };
  const bucket = new aws.s3.Bucket(
    name,
    {
      ...autoNamed("s3Bucket", name, "bucket"),
      forceDestroy: opts.forceDestroy,
      tags: opts.bucketTags
        ? mergeTags(opts.bucketTags.site, opts.bucketTags.key, opts.tags, opts.bucketTags.tags)
        : opts.tags,
    },
    child,
  );
  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
    childName(name, "public-access"),
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    child,
  );
  const ownership = new aws.s3.BucketOwnershipControls(
    childName(name, "ownership"),
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    child,
  );
  const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
    childName(name, "encryption"),
    {
      bucket: bucket.id,
      rules: [
        opts.kmsKeyArn
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: opts.kmsKeyArn,
              },
              // Bucket keys cut KMS request costs by orders of magnitude.
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    },
    child,
  );
  const denyInsecureTransport: aws.iam.PolicyStatement = {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
  const document: aws.iam.PolicyDocument = {
    Version: "2012-10-17",
    Statement: [denyInsecureTransport, ...(opts.extraStatements?.(bucket.arn) ?? [])],
  };
  const policy = new aws.s3.BucketPolicy(
    childName(name, "policy"),
    { bucket: bucket.id, policy: pulumi.jsonStringify(document) },
    // S3 rejects a policy written while the public-access block is still being applied.
    { ...child, dependsOn: [publicAccessBlock] },
  );
  return { bucket, publicAccessBlock, ownership, encryption, policy };
}
