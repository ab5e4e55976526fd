import { expect } from "chai";
import { urnFor } from "../../policies/harness";
import { TYPES } from "../../policies/rules";
import { compliantStack, without, withChange } from "./fixtures";
import { messagesOf } from "./run";

const BUCKET = "lake (aws:s3/bucket:Bucket)";

describe("S3 rules", () => {
  it("s3-bucket-encryption: a bucket without an encryption configuration", async () => {
    const stack = without(compliantStack(), "lake-encryption");
    expect(await messagesOf("s3-bucket-encryption", stack)).to.deep.equal([
      `${BUCKET} has no BucketServerSideEncryptionConfiguration.`,
    ]);
  });

  it("s3-bucket-encryption: a configuration without a default algorithm", async () => {
    const stack = withChange(compliantStack(), "lake-encryption", (p) => {
      p.rules = [{ bucketKeyEnabled: true }];
    });
    expect(await messagesOf("s3-bucket-encryption", stack)).to.deep.equal([
      `${BUCKET}: encryption configuration lake-encryption sets no default algorithm (AES256, aws:kms, aws:kms:dsse).`,
    ]);
  });

  it("s3-public-access-block: a bucket without a public access block", async () => {
    const stack = without(compliantStack(), "access-logs-public-access");
    expect(await messagesOf("s3-public-access-block", stack)).to.deep.equal([
      "access-logs (aws:s3/bucket:Bucket) has no BucketPublicAccessBlock.",
    ]);
  });

  it("s3-public-access-block: a block with settings left off", async () => {
    const stack = withChange(compliantStack(), "lake-public-access", (p) => {
      p.blockPublicPolicy = false;
      delete p.restrictPublicBuckets;
    });
    expect(await messagesOf("s3-public-access-block", stack)).to.deep.equal([
      `${BUCKET}: public access block lake-public-access leaves blockPublicPolicy, restrictPublicBuckets off.`,
    ]);
  });

  it("s3-tls-only: a bucket without a policy", async () => {
    const stack = without(compliantStack(), "lake-policy");
    expect(await messagesOf("s3-tls-only", stack)).to.deep.equal([
      `${BUCKET} has no bucket policy; it needs one that denies non-TLS requests.`,
    ]);
  });

  it("s3-tls-only: a policy without the SecureTransport deny", async () => {
    const stack = withChange(compliantStack(), "lake-policy", (p) => {
      const doc = JSON.parse(p.policy as string);
      doc.Statement[0].Condition = { Bool: { "aws:SecureTransport": "true" } };
      p.policy = JSON.stringify(doc);
    });
    expect(await messagesOf("s3-tls-only", stack)).to.deep.equal([
      `${BUCKET}: the bucket policy has no Deny of s3:* when aws:SecureTransport is false.`,
    ]);
  });

  it("s3-lifecycle: a bucket without a lifecycle configuration", async () => {
    const stack = without(compliantStack(), "lake-lifecycle");
    expect(await messagesOf("s3-lifecycle", stack)).to.deep.equal([
      `${BUCKET} has no BucketLifecycleConfiguration.`,
    ]);
  });

  it("s3-lifecycle: a configuration whose rules are all disabled", async () => {
    const stack = withChange(compliantStack(), "lake-lifecycle", (p) => {
      p.rules[0].status = "Disabled";
    });
    expect(await messagesOf("s3-lifecycle", stack)).to.deep.equal([
      `${BUCKET}: the lifecycle configuration has no enabled rule.`,
    ]);
  });

  it("s3-versioning: the lake with versioning suspended", async () => {
    const stack = withChange(compliantStack(), "lake-versioning", (p) => {
      p.versioningConfiguration.status = "Suspended";
    });
    expect(await messagesOf("s3-versioning", stack)).to.deep.equal([
      `${BUCKET} holds data but versioning is not enabled.`,
    ]);
  });

  it("s3-versioning: a log or results bucket is exempt only while it is one", async () => {
    const notLogTarget = without(compliantStack(), "lake-logging", "analytics");
    expect(await messagesOf("s3-versioning", notLogTarget)).to.deep.equal([
      "access-logs (aws:s3/bucket:Bucket) holds data but versioning is not enabled.",
    ]);
    const resultsOnly = without(compliantStack(), "lake-logging");
    expect(await messagesOf("s3-versioning", resultsOnly)).to.deep.equal([]);
  });

  it("links sub-resources by property dependency when ids are unknown (preview)", async () => {
    const stack = compliantStack().map((res) =>
      res.name === "lake-encryption"
        ? {
            ...res,
            props: { ...res.props, bucket: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
            propertyDependencies: {
              bucket: [urnFor(TYPES.bucket, "lake")],
            },
          }
        : res,
    );
    expect(await messagesOf("s3-bucket-encryption", stack)).to.deep.equal([]);
  });
});
