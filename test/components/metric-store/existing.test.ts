import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  ACCOUNT_ID,
  captureWarnings,
  constructionError,
  deploymentErrors,
  EXISTING_BUCKETS,
  mockedSuite,
  REGION,
  settled,
  valueOf,
} from "../../helpers/pulumi-mocks";
import { tableShapeProblems } from "../../../components/metric-store/hot-table";
import type { MetricStore as MetricStoreClass } from "../../../components/metric-store";

let MetricStore: typeof MetricStoreClass;

const FITTING = {
  hashKey: "pk",
  rangeKey: "sk",
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
};

describe("MetricStore with existing resources", () => {
  mockedSuite(async () => {
    ({ MetricStore } = await import("../../../components/metric-store/index.js"));
  });

  it("accepts a table shaped as the handlers need", () => {
    expect(tableShapeProblems(FITTING)).to.deep.equal([]);
  });

  it("lists every way a table differs: keys, index keys, missing index, TTL", () => {
    expect(
      tableShapeProblems({
        ...FITTING,
        hashKey: "id",
        rangeKey: undefined,
        ttl: { attributeName: "expires_at", enabled: false },
      }),
    ).to.deep.equal([
      'hash key must be "pk" (is "id")',
      'range key must be "sk" (is "undefined")',
      'TTL must be enabled on "expires_at"',
    ]);
    expect(tableShapeProblems({ ...FITTING, globalSecondaryIndexes: [] })).to.deep.equal([
      'global secondary index "by-metric-type" is missing',
    ]);
    const swapped = [
      {
        name: "by-metric-type",
        keySchemas: [
          { attributeName: "gsi1sk", keyType: "HASH" },
          { attributeName: "gsi1pk", keyType: "RANGE" },
        ],
      },
    ];
    expect(tableShapeProblems({ ...FITTING, globalSecondaryIndexes: swapped })).to.deep.equal([
      'index "by-metric-type" must have keys gsi1pk / gsi1sk',
    ]);
  });

  it("uses a fitting existing table and creates none", async () => {
    const table = aws.dynamodb.Table.get("ops-table", "ops-table", FITTING);
    const store = new MetricStore("ms-ext", { table: { existing: table } });
    expect(await valueOf(store.tableName)).to.equal("ops-table");
    const created = (await settled()).filter(
      (r) => r.type === "aws:dynamodb/table:Table" && r.name !== "ops-table",
    );
    expect(created).to.deep.equal([]);
  });

  it("accepts an index declared with hashKey / rangeKey as well as keySchemas", async () => {
    const index = { name: "by-metric-type", hashKey: "gsi1pk", rangeKey: "gsi1sk" };
    expect(tableShapeProblems({ ...FITTING, globalSecondaryIndexes: [index] })).to.deep.equal([]);
    const swapped = { ...index, hashKey: "gsi1sk", rangeKey: "gsi1pk" };
    expect(tableShapeProblems({ ...FITTING, globalSecondaryIndexes: [swapped] })).to.deep.equal([
      'index "by-metric-type" must have keys gsi1pk / gsi1sk',
    ]);
    const table = aws.dynamodb.Table.get("legacy-table", "legacy-table", {
      ...FITTING,
      globalSecondaryIndexes: [{ ...index, projectionType: "ALL" }],
    });
    const { errors, resources } = await deploymentErrors(
      () => new MetricStore("ms-legacy", { table: { existing: table } }),
    );
    expect(errors).to.deep.equal([]);
    expect(resources.filter((r) => r.type === "aws:dynamodb/table:Table").length).to.equal(1);
    expect(resources.some((r) => r.type === "aws:s3/bucket:Bucket")).to.equal(true);
  });

  it("fails on an existing table whose keys do not fit before any child registers", async () => {
    const table = aws.dynamodb.Table.get("bad-table", "bad-table", { ...FITTING, hashKey: "id" });
    const { errors, resources } = await deploymentErrors(
      () => new MetricStore("ms-bad", { table: { existing: table } }),
    );
    expect(errors).to.deep.equal([
      'MetricStore ms-bad: invalid arguments:\n  - table.existing bad-table does not fit the handlers: hash key must be "pk" (is "id")',
    ]);
    // Only the read of the table: not the component, not one of its children.
    expect(resources.map((r) => `${r.type} ${r.name}`)).to.deep.equal([
      "aws:dynamodb/table:Table bad-table",
    ]);
  });

  it("refuses a bucket in another region, before any child registers", async () => {
    const east = new aws.Provider("east", { region: "us-east-1" });
    const bucket = aws.s3.Bucket.get("far-lake", "far-lake", undefined, { provider: east });
    const { errors, resources } = await deploymentErrors(
      () => new MetricStore("ms-far", { bucket: { existing: bucket } }),
    );
    expect(errors).to.deep.equal([
      "MetricStore ms-far: invalid arguments:\n  - bucket.existing far-lake is in us-east-1, the pipeline in eu-west-1: its object events never reach the processor",
    ]);
    expect(resources.filter((r) => r.type.startsWith("infra-monitoring:"))).to.deep.equal([]);
    expect(resources.filter((r) => r.type === "aws:dynamodb/table:Table")).to.deep.equal([]);
  });

  it("compares with the component's own provider, given as provider or in providers", async () => {
    const east = new aws.Provider("east-too", { region: "us-east-1" });
    const bucket = aws.s3.Bucket.get("east-lake", "east-lake", undefined, { provider: east });
    const options = [{ provider: east }, { providers: [east] }, { providers: { aws: east } }];
    for (const [i, opts] of options.entries()) {
      const { errors } = await deploymentErrors(
        () => new MetricStore(`ms-east-${i}`, { bucket: { existing: bucket } }, opts),
      );
      expect(errors).to.deep.equal([]);
    }
  });

  it("refuses a bucket read through another account's provider", async () => {
    const other = new aws.Provider("other-account", {
      region: REGION,
      assumeRoles: [{ roleArn: "arn:aws:iam::210987654321:role/lake-owner" }],
    });
    const bucket = aws.s3.Bucket.get("their-lake", "their-lake", undefined, { provider: other });
    const { errors } = await deploymentErrors(
      () => new MetricStore("ms-acct", { bucket: { existing: bucket } }),
    );
    expect(errors).to.deep.equal([
      `MetricStore ms-acct: invalid arguments:\n  - bucket.existing their-lake is read through a provider of account 210987654321, the pipeline deploys to ${ACCOUNT_ID}: its object events never reach the processor`,
    ]);
  });

  it("accepts a bucket behind another provider of the same account and region", async () => {
    const same = new aws.Provider("same-place", { region: REGION });
    const bucket = aws.s3.Bucket.get("near-lake", "near-lake", undefined, { provider: same });
    const { errors, resources } = await deploymentErrors(
      () => new MetricStore("ms-near", { bucket: { existing: bucket } }),
    );
    expect(errors).to.deep.equal([]);
    expect(resources.some((r) => r.type === "aws:dynamodb/table:Table")).to.equal(true);
  });

  it("takes an aws.s3.BucketV2 by its name output, with its region checked", async () => {
    EXISTING_BUCKETS.set("v2-lake", REGION);
    const v2 = aws.s3.BucketV2.get("v2-lake", "v2-lake", { bucket: "v2-lake" });
    let store: MetricStoreClass | undefined;
    const { errors } = await deploymentErrors(() => {
      store = new MetricStore("ms-v2", { bucket: { existingName: v2.bucket } });
    });
    expect(errors).to.deep.equal([]);
    expect(await valueOf(store!.bucketName)).to.equal("v2-lake");
    expect(await valueOf(store!.bucketArn)).to.equal("arn:aws:s3:::v2-lake");
  });

  for (const [label, reference] of [
    ["name", "ops-lake"],
    ["ARN", "arn:aws:s3:::ops-lake"],
    ["name from another stack", pulumi.output("ops-lake")],
  ] as const) {
    it(`takes the existing lake by ${label} and creates no lake`, async () => {
      EXISTING_BUCKETS.set("ops-lake", REGION);
      let store: MetricStoreClass | undefined;
      const { errors, resources } = await deploymentErrors(() => {
        store = new MetricStore("ms-named", { bucket: { existingName: reference } });
      });
      expect(errors).to.deep.equal([]);
      expect(await valueOf(store!.bucketName)).to.equal("ops-lake");
      expect(await valueOf(store!.bucketArn)).to.equal("arn:aws:s3:::ops-lake");
      expect(resources.filter((r) => r.type.startsWith("aws:s3/"))).to.deep.equal([]);
    });
  }

  it("refuses a bucket name in another region, and a malformed name at once", async () => {
    EXISTING_BUCKETS.set("us-lake", "us-east-2");
    const { errors, resources } = await deploymentErrors(
      () => new MetricStore("ms-us", { bucket: { existingName: "us-lake" } }),
    );
    expect(errors).to.deep.equal([
      "MetricStore ms-us: invalid arguments:\n  - bucket.existingName us-lake is in us-east-2, the pipeline in eu-west-1: its object events never reach the processor",
    ]);
    expect(resources).to.deep.equal([]);
    expect(
      constructionError(
        () =>
          new MetricStore("ms-typo", {
            bucket: { existingName: "s3://Ops_Lake" },
            table: { existing: aws.dynamodb.Table.get("t3", "t3", FITTING) },
          }),
      ),
    ).to.equal(
      'MetricStore ms-typo: invalid arguments:\n  - bucket.existingName "s3://Ops_Lake" is not an S3 bucket name or bucket ARN (arn:aws:s3:::name)',
    );
  });

  it("fails the deployment with the same message when a bucket name from another stack is malformed", async () => {
    const { errors, resources } = await deploymentErrors(
      () =>
        new MetricStore("ms-late", { bucket: { existingName: pulumi.output("s3://Ops_Lake") } }),
    );
    expect(errors).to.deep.equal([
      'MetricStore ms-late: invalid arguments:\n  - bucket.existingName "s3://Ops_Lake" is not an S3 bucket name or bucket ARN (arn:aws:s3:::name)',
    ]);
    expect(resources).to.deep.equal([]);
  });

  it("refuses both an existing bucket and a bucket name", () => {
    expect(
      constructionError(
        () =>
          new MetricStore("ms-both", {
            bucket: { existing: aws.s3.Bucket.get("b", "ops-lake"), existingName: "ops-lake" },
          }),
      ),
    ).to.equal(
      "MetricStore ms-both: invalid arguments:\n  - give either bucket.existing or bucket.existingName, not both",
    );
  });

  it("warns for capacity on an on-demand table and for settings an existing table cannot take", async () => {
    const onDemand = await captureWarnings(
      () => new MetricStore("ms-cap", { table: { readCapacity: 10 } }),
    );
    expect(onDemand).to.deep.equal([
      "MetricStore: table.readCapacity is ignored: a PAY_PER_REQUEST table has no provisioned capacity",
    ]);
    const table = aws.dynamodb.Table.get("t2", "t2", FITTING);
    const existing = await captureWarnings(
      () => new MetricStore("ms-ign", { table: { existing: table, billingMode: "PROVISIONED" } }),
    );
    expect(existing).to.deep.equal([
      "MetricStore: table.billingMode is ignored: table.existing is managed by its owner",
    ]);
  });
});
