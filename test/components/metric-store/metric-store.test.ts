import { expect } from "chai";
import {
  byName,
  captureWarnings,
  constructionError,
  documentOf,
  mockedSuite,
  ofType,
  settled,
  valueOf,
  type RecordedResource,
} from "../../helpers/pulumi-mocks";
import type {
  MetricStore as MetricStoreClass,
  MetricStoreArgs,
} from "../../../components/metric-store";

let MetricStore: typeof MetricStoreClass;

async function build(
  name: string,
  args: MetricStoreArgs = {},
): Promise<{ store: MetricStoreClass; resources: RecordedResource[] }> {
  const store = new MetricStore(name, args);
  await valueOf(store.tableName);
  return { store, resources: await settled() };
}

describe("MetricStore", () => {
  mockedSuite(async () => {
    ({ MetricStore } = await import("../../../components/metric-store/index.js"));
  });

  it("creates exactly the lake, its access-log bucket, their protections and the hot table", async () => {
    const { resources } = await build("ms-children");
    const names = resources.map((r) => `${r.type} ${r.name}`).sort();
    expect(names).to.deep.equal(
      [
        "aws:dynamodb/table:Table ms-children-hot-table",
        "aws:s3/bucket:Bucket ms-children-access-logs",
        "aws:s3/bucket:Bucket ms-children-lake",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration ms-children-access-logs-lifecycle",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration ms-children-lake-lifecycle",
        "aws:s3/bucketLogging:BucketLogging ms-children-lake-logging",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls ms-children-access-logs-ownership",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls ms-children-lake-ownership",
        "aws:s3/bucketPolicy:BucketPolicy ms-children-access-logs-policy",
        "aws:s3/bucketPolicy:BucketPolicy ms-children-lake-policy",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock ms-children-access-logs-public-access",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock ms-children-lake-public-access",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration ms-children-access-logs-encryption",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration ms-children-lake-encryption",
        "aws:s3/bucketVersioning:BucketVersioning ms-children-lake-versioning",
        "infra-monitoring-pipeline:index:MetricStore ms-children",
      ].sort(),
    );
  });

  it("protects both buckets: public access blocked, ACLs off, encryption, TLS-only policy", async () => {
    const { resources } = await build("ms-secure");
    for (const bucket of ["ms-secure-lake", "ms-secure-access-logs"]) {
      expect(byName(resources, `${bucket}-public-access`).inputs).to.include({
        bucket: `${bucket}-id`,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(byName(resources, `${bucket}-ownership`).inputs.rule).to.deep.equal({
        objectOwnership: "BucketOwnerEnforced",
      });
      expect(byName(resources, `${bucket}-encryption`).inputs.rules).to.deep.equal([
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ]);
      expect(documentOf(byName(resources, `${bucket}-policy`)).Statement[0]).to.deep.equal({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
      expect(byName(resources, bucket).inputs.forceDestroy).to.equal(false);
    }
    expect(
      byName(resources, "ms-secure-lake-versioning").inputs.versioningConfiguration,
    ).to.deep.equal({ status: "Enabled" });
  });

  it("grants log delivery to the access-log bucket only for this lake and account", async () => {
    const { resources } = await build("ms-logs");
    expect(documentOf(byName(resources, "ms-logs-access-logs-policy")).Statement[1]).to.deep.equal({
      Sid: "AllowServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: "arn:aws:s3:::ms-logs-access-logs/access-logs/*",
      Condition: {
        ArnLike: { "aws:SourceArn": "arn:aws:s3:::ms-logs-lake" },
        StringEquals: { "aws:SourceAccount": "123456789012" },
      },
    });
    expect(byName(resources, "ms-logs-lake-logging").inputs).to.deep.include({
      bucket: "ms-logs-lake-id",
      targetBucket: "ms-logs-access-logs-id",
      targetPrefix: "access-logs/",
    });
    expect(
      byName(resources, "ms-logs-access-logs-lifecycle").inputs.rules[0].expiration,
    ).to.deep.equal({ days: 90 });
  });

  it("builds the lake lifecycle from its args", async () => {
    const { resources } = await build("ms-life", {
      lifecycle: {
        infrequentAccessDays: 45,
        archiveDays: 120,
        expireDays: 800,
        noncurrentVersionExpireDays: 10,
        abortIncompleteUploadDays: 2,
      },
    });
    const tiers = (id: string, prefix: string, archive = "GLACIER_IR") => ({
      id,
      status: "Enabled",
      filter: { prefix },
      transitions: [
        { days: 45, storageClass: "STANDARD_IA" },
        { days: 120, storageClass: archive },
      ],
      expiration: { days: 800 },
    });
    expect(byName(resources, "ms-life-lake-lifecycle").inputs.rules).to.deep.equal([
      tiers("curated-metrics-tier-and-expire", "curated-metrics/"),
      tiers("raw-logs-tier-and-expire", "raw-logs/", "GLACIER"),
      tiers("quarantine-tier-and-expire", "quarantine/"),
      {
        id: "raw-metrics-expire-once-compacted",
        status: "Enabled",
        filter: { prefix: "raw-metrics/" },
        expiration: { days: 30 },
      },
      {
        id: "old-versions-and-uploads",
        status: "Enabled",
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 10 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 2 },
      },
    ]);
  });

  it("expires raw metrics when told, and never later than everything else", async () => {
    const { resources } = await build("ms-raw", { lifecycle: { rawMetricsExpireDays: 7 } });
    const raw = byName(resources, "ms-raw-lake-lifecycle").inputs.rules.find(
      (r: { id: string }) => r.id === "raw-metrics-expire-once-compacted",
    );
    expect(raw.expiration).to.deep.equal({ days: 7 });
    expect(raw.transitions).to.equal(undefined);
    const message = constructionError(
      () => new MetricStore("ms-raw-bad", { lifecycle: { rawMetricsExpireDays: 400 } }),
    );
    expect(message).to.contain(
      "lifecycle.rawMetricsExpireDays (400) must be at most lifecycle.expireDays (365)",
    );
    expect(
      constructionError(
        () => new MetricStore("ms-raw-0", { lifecycle: { rawMetricsExpireDays: 0 } }),
      ),
    ).to.contain("lifecycle.rawMetricsExpireDays must be a positive whole number of days");
  });

  it("has no archive tier unless asked for", async () => {
    const { resources } = await build("ms-noarchive");
    expect(
      byName(resources, "ms-noarchive-lake-lifecycle").inputs.rules[0].transitions,
    ).to.deep.equal([{ days: 30, storageClass: "STANDARD_IA" }]);
  });

  it("creates the hot table with the handlers' keys, the metric-type index, TTL, PITR and encryption", async () => {
    const { store, resources } = await build("ms-table", { tags: { team: "sre" } });
    expect(byName(resources, "ms-table-hot-table").inputs).to.deep.equal({
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      rangeKey: "sk",
      attributes: [
        { name: "pk", type: "S" },
        { name: "sk", type: "S" },
        { name: "gsi1pk", type: "S" },
        { name: "gsi1sk", type: "S" },
      ],
      globalSecondaryIndexes: [
        {
          name: "by-metric-type",
          keySchemas: [
            { attributeName: "gsi1pk", keyType: "HASH" },
            { attributeName: "gsi1sk", keyType: "RANGE" },
          ],
          projectionType: "ALL",
        },
      ],
      ttl: { attributeName: "expires_at", enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: true,
      tags: { team: "sre" },
    });
    expect(store.metricTypeIndexName).to.equal("by-metric-type");
    expect(await valueOf(store.tableName)).to.equal("ms-table-hot-table");
    expect(await valueOf(store.bucketArn)).to.equal("arn:aws:s3:::ms-table-lake");
  });

  it("uses a given KMS key for the lake (with a bucket key) and the table", async () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/abc";
    const { resources } = await build("ms-kms", { kmsKeyArn: key });
    expect(byName(resources, "ms-kms-lake-encryption").inputs.rules).to.deep.equal([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key },
        bucketKeyEnabled: true,
      },
    ]);
    // Server access logs cannot be delivered to an SSE-KMS bucket: the log bucket keeps SSE-S3.
    expect(
      byName(resources, "ms-kms-access-logs-encryption").inputs.rules[0]
        .applyServerSideEncryptionByDefault,
    ).to.deep.equal({
      sseAlgorithm: "AES256",
    });
    expect(byName(resources, "ms-kms-hot-table").inputs.serverSideEncryption).to.deep.equal({
      enabled: true,
      kmsKeyArn: key,
    });
  });

  it("lets overrides win while the table keys stay, and warns for each weakened security default", async () => {
    let resources: RecordedResource[] = [];
    const warnings = await captureWarnings(() => {
      new MetricStore("ms-override", {
        versioning: false,
        accessLogging: false,
        deletionProtection: false,
        pointInTimeRecovery: false,
        table: { billingMode: "PROVISIONED", readCapacity: 3 },
      });
    });
    resources = await settled();
    const table = byName(resources, "ms-override-hot-table").inputs;
    expect(table.pointInTimeRecovery).to.deep.equal({ enabled: false });
    expect(table.billingMode).to.equal("PROVISIONED");
    expect(table).to.deep.include({ readCapacity: 3, writeCapacity: 5 });
    // A PROVISIONED table's index needs capacity of its own.
    expect(table.globalSecondaryIndexes[0]).to.deep.include({ readCapacity: 3, writeCapacity: 5 });
    expect(table.hashKey).to.equal("pk");
    expect(table.deletionProtectionEnabled).to.equal(false);
    expect(byName(resources, "ms-override-lake").inputs.forceDestroy).to.equal(true);
    expect(
      byName(resources, "ms-override-lake-versioning").inputs.versioningConfiguration,
    ).to.deep.equal({ status: "Suspended" });
    expect(ofType(resources, "aws:s3/bucketLogging:BucketLogging")).to.have.length(0);
    expect(warnings.map((w) => w.split(" overrides")[0])).to.have.members([
      "MetricStore: versioning",
      "MetricStore: accessLogging",
      "MetricStore: deletionProtection",
      "MetricStore: pointInTimeRecovery",
    ]);
  });

  it("does not warn with the defaults", async () => {
    const warnings = await captureWarnings(() => new MetricStore("ms-quiet"));
    expect(warnings).to.deep.equal([]);
  });

  it("rejects bad args with every problem listed before creating children", async () => {
    const message = constructionError(
      () =>
        new MetricStore("Bad_Name", {
          hotTableTtlDays: 0,
          lifecycle: { infrequentAccessDays: 10, archiveDays: 500, expireDays: 400 },
        }),
    );
    expect(message).to.contain('name "Bad_Name" must be 1-38 lower-case letters');
    expect(message).to.contain("hotTableTtlDays must be a positive whole number of days (got 0)");
    expect(message).to.contain("lifecycle.infrequentAccessDays must be at least 30");
    expect(message).to.contain(
      "lifecycle.expireDays (400) must be at least lifecycle.archiveDays + 90 (590): S3 bills 90 days of Glacier for every archived object",
    );
    const resources = await settled();
    expect(resources.filter((r) => r.name.startsWith("Bad_Name-"))).to.deep.equal([]);
  });

  it("bounds the hot-table TTL to a year, as the stack config and CollectorWorkflow do", () => {
    expect(constructionError(() => new MetricStore("ms-ttl", { hotTableTtlDays: 400 }))).to.contain(
      "hotTableTtlDays must be at most 365 (got 400)",
    );
  });

  it("lets two instances live in one stack without name collisions", async () => {
    await build("ms-one");
    const resources = await build("ms-two").then(() => settled());
    const names = resources.map((r) => `${r.type}::${r.name}`);
    expect(new Set(names).size).to.equal(names.length);
    expect(names.filter((n) => n.includes("ms-one"))).to.have.length(16);
    expect(names.filter((n) => n.includes("ms-two"))).to.have.length(16);
  });
});
