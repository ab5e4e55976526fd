import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { captureWarnings, mockedSuite, settled, valueOf } from "../../helpers/pulumi-mocks";
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

  it("fails on an existing table whose keys do not fit", async () => {
    const table = aws.dynamodb.Table.get("bad-table", "bad-table", { ...FITTING, hashKey: "id" });
    const store = new MetricStore("ms-bad", { table: { existing: table } });
    // Output's own promise carries the apply's error, as the engine sees it.
    const output = store.tableName as unknown as { promise(): Promise<string> };
    const failure = await output.promise().then(
      () => "resolved",
      (err: Error) => err.message,
    );
    expect(failure).to.contain("the existing table bad-table does not fit the handlers");
    expect(failure).to.contain('hash key must be "pk" (is "id")');
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
