import { expect } from "chai";
import type {
  AnalyticsCatalog as AnalyticsCatalogClass,
  AnalyticsCatalogArgs,
} from "../../../components/analytics-catalog";
import { metricRecordFields } from "../../../contract/metric-record";
import { DEFAULT_THRESHOLDS } from "../../../contract/thresholds";
import {
  ACCOUNT_ID,
  byName,
  captureWarnings,
  constructionError,
  mockedSuite,
  ofType,
  settled,
  statementsOf,
  valueOf,
} from "../../helpers/pulumi-mocks";
import { baseArgs, LAKE } from "./fixtures";

let AnalyticsCatalog: typeof AnalyticsCatalogClass;

async function build(name: string, args: Partial<AnalyticsCatalogArgs> = {}) {
  const catalog = new AnalyticsCatalog(name, { ...baseArgs, ...args });
  await valueOf(catalog.namedQueryIds);
  return { catalog, resources: await settled() };
}

describe("AnalyticsCatalog", () => {
  mockedSuite(async () => {
    ({ AnalyticsCatalog } = await import("../../../components/analytics-catalog/index.js"));
  });

  it("creates exactly the database, three tables, workgroup, results bucket, queries, policy and compaction", async () => {
    const { resources } = await build("ac-children");
    const names = resources.map((r) => `${r.type} ${r.name}`).sort();
    const bucketParts = ["", "-encryption", "-ownership", "-policy", "-public-access"];
    const bucketTypes: Record<string, string> = {
      "": "aws:s3/bucket:Bucket",
      "-encryption":
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "-ownership": "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
      "-policy": "aws:s3/bucketPolicy:BucketPolicy",
      "-public-access": "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    };
    const queries = [
      "avg-cpu-by-instance",
      "daily-peak-memory",
      "threshold-violations",
      "network-top-talkers",
      "disk-growth-per-instance",
      "data-freshness",
      "quarantined-lines-by-reason",
    ];
    expect(names).to.deep.equal(
      [
        "infra-monitoring-pipeline:index:AnalyticsCatalog ac-children",
        "aws:glue/catalogDatabase:CatalogDatabase ac-children-database",
        "aws:glue/catalogTable:CatalogTable ac-children-metrics-table",
        "aws:glue/catalogTable:CatalogTable ac-children-quarantine-table",
        "aws:glue/catalogTable:CatalogTable ac-children-curated-table",
        "aws:athena/workgroup:Workgroup ac-children-workgroup",
        "aws:sfn/stateMachine:StateMachine ac-children-compaction",
        "aws:sqs/queue:Queue ac-children-compaction-dlq",
        "aws:sqs/queuePolicy:QueuePolicy ac-children-compaction-dlq-policy",
        "aws:cloudwatch/logGroup:LogGroup ac-children-compaction-logs",
        "aws:iam/role:Role ac-children-compaction-role",
        "aws:iam/rolePolicy:RolePolicy ac-children-compaction-policy",
        "aws:cloudwatch/metricAlarm:MetricAlarm ac-children-compaction-failed",
        "aws:cloudwatch/metricAlarm:MetricAlarm ac-children-compaction-timed-out",
        "aws:scheduler/schedule:Schedule ac-children-compaction-schedule",
        "aws:scheduler/scheduleGroup:ScheduleGroup ac-children-compaction-schedules",
        "aws:iam/role:Role ac-children-compaction-scheduler-role",
        "aws:iam/rolePolicy:RolePolicy ac-children-compaction-scheduler-policy",
        "aws:iam/policy:Policy ac-children-query-policy",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration ac-children-results-lifecycle",
        ...bucketParts.map((p) => `${bucketTypes[p]} ac-children-results${p}`),
        ...queries.map((q) => `aws:athena/namedQuery:NamedQuery ac-children-query-${q}`),
      ].sort(),
    );
  });

  it("derives the metrics table's columns from the record schema, over raw-metrics/ as JSON", async () => {
    const { resources } = await build("ac-metrics");
    const table = byName(resources, "ac-metrics-metrics-table").inputs;
    expect(table.databaseName).to.equal("ac_metrics");
    expect(table.name).to.equal("metrics");
    expect(table.tableType).to.equal("EXTERNAL_TABLE");
    const sd = table.storageDescriptor;
    expect(sd.columns.map((c: { name: string }) => c.name)).to.deep.equal(
      Object.keys(metricRecordFields.shape),
    );
    expect(sd.location).to.equal(`s3://${LAKE}/raw-metrics/`);
    expect(sd.serDeInfo.serializationLibrary).to.equal("org.openx.data.jsonserde.JsonSerDe");
    expect(sd.serDeInfo.parameters["ignore.malformed.json"]).to.equal("true");
    expect(sd.inputFormat).to.equal("org.apache.hadoop.mapred.TextInputFormat");
  });

  it("projects every partition key, zero-padded as the lake writes them", async () => {
    const { resources } = await build("ac-projection", {
      projectionYears: { first: 2025, last: 2030 },
    });
    const table = byName(resources, "ac-projection-metrics-table").inputs;
    const keys = table.partitionKeys.map(
      (k: { name: string; type: string }) => `${k.name}:${k.type}`,
    );
    expect(keys).to.deep.equal(["year:int", "month:int", "day:int", "hour:int"]);
    const p = table.parameters as Record<string, string>;
    expect(p["projection.enabled"]).to.equal("true");
    for (const key of ["year", "month", "day", "hour"]) {
      expect(p[`projection.${key}.type`], key).to.equal("integer");
      expect(p[`projection.${key}.range`], key).to.match(/^\d+,\d+$/);
      expect(p["storage.location.template"]).to.contain(`${key}=\${${key}}/`);
    }
    expect(p["projection.year.range"]).to.equal("2025,2030");
    expect(p["projection.year.digits"]).to.equal(undefined);
    expect([
      p["projection.month.range"],
      p["projection.day.range"],
      p["projection.hour.range"],
    ]).to.deep.equal(["1,12", "1,31", "0,23"]);
    expect([
      p["projection.month.digits"],
      p["projection.day.digits"],
      p["projection.hour.digits"],
    ]).to.deep.equal(["2", "2", "2"]);
    expect(p["storage.location.template"]).to.equal(
      `s3://${LAKE}/raw-metrics/year=\${year}/month=\${month}/day=\${day}/hour=\${hour}/`,
    );
  });

  it("reads quarantine/ with the quarantine line's columns, projected by UTC hour like raw", async () => {
    const { resources } = await build("ac-quarantine");
    const table = byName(resources, "ac-quarantine-quarantine-table").inputs;
    expect(table.storageDescriptor.location).to.equal(`s3://${LAKE}/quarantine/`);
    expect(table.storageDescriptor.columns.map((c: { name: string }) => c.name)).to.deep.equal([
      "source_key",
      "line_number",
      "raw_line",
      "reason",
      "quarantined_at",
    ]);
    expect(table.partitionKeys).to.deep.equal([
      { name: "year", type: "int" },
      { name: "month", type: "int" },
      { name: "day", type: "int" },
      { name: "hour", type: "int" },
    ]);
    expect(table.parameters).to.deep.include({
      "projection.enabled": "true",
      "projection.year.type": "integer",
      "projection.year.range": "2024,2099",
      "projection.month.range": "1,12",
      "projection.month.digits": "2",
      "projection.day.range": "1,31",
      "projection.day.digits": "2",
      "projection.hour.range": "0,23",
      "projection.hour.digits": "2",
      "storage.location.template": `s3://${LAKE}/quarantine/year=\${year}/month=\${month}/day=\${day}/hour=\${hour}/`,
    });
  });

  it("enforces the workgroup: encrypted results in its own bucket, a scan cutoff, metrics, engine 3", async () => {
    const { catalog, resources } = await build("ac-workgroup");
    const wg = byName(resources, "ac-workgroup-workgroup").inputs;
    expect(wg.forceDestroy).to.equal(false);
    expect(wg.configuration).to.deep.equal({
      enforceWorkgroupConfiguration: true,
      publishCloudwatchMetricsEnabled: true,
      bytesScannedCutoffPerQuery: 1073741824,
      engineVersion: { selectedEngineVersion: "Athena engine version 3" },
      resultConfiguration: {
        outputLocation: `s3://${await valueOf(catalog.resultsBucketName)}/`,
        expectedBucketOwner: ACCOUNT_ID,
        encryptionConfiguration: { encryptionOption: "SSE_S3" },
      },
    });
    const lifecycle = byName(resources, "ac-workgroup-results-lifecycle").inputs;
    expect(lifecycle.rules[0].expiration).to.deep.equal({ days: 7 });
    const bucket = byName(resources, "ac-workgroup-results").inputs;
    expect(bucket.forceDestroy).to.equal(false);
  });

  it("applies the cutoff, expiry, engine and KMS key it is given", async () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/abc";
    const { resources } = await build("ac-custom", {
      bytesScannedCutoffPerQuery: 10 * 1024 ** 2,
      resultsExpireDays: 3,
      engineVersion: "AUTO",
      kmsKeyArn: key,
    });
    const config = byName(resources, "ac-custom-workgroup").inputs.configuration;
    expect(config.bytesScannedCutoffPerQuery).to.equal(10485760);
    expect(config.engineVersion).to.deep.equal({ selectedEngineVersion: "AUTO" });
    expect(config.resultConfiguration.encryptionConfiguration).to.deep.equal({
      encryptionOption: "SSE_KMS",
      kmsKeyArn: key,
    });
    const sse = byName(resources, "ac-custom-results-encryption").inputs.rules[0];
    expect(sse.applyServerSideEncryptionByDefault).to.deep.equal({
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: key,
    });
    expect(
      byName(resources, "ac-custom-results-lifecycle").inputs.rules[0].expiration,
    ).to.deep.equal({ days: 3 });
    const kms = statementsOf(byName(resources, "ac-custom-query-policy")).find(
      (s) => s.Sid === "UseEncryptionKey",
    );
    expect(kms?.Resource).to.equal(key);
  });

  it("saves every named query in the workgroup and the database, and outputs their ids", async () => {
    const { catalog, resources } = await build("ac-queries");
    const saved = ofType(resources, "aws:athena/namedQuery:NamedQuery");
    const workgroup = await valueOf(catalog.workgroupName);
    for (const q of catalog.queries) {
      const inputs = byName(saved, `ac-queries-query-${q.name}`).inputs;
      expect(inputs).to.deep.include({
        name: q.name,
        description: q.description,
        query: q.sql,
        database: "ac_queries",
        workgroup,
      });
      expect(q.sql).to.contain('"ac_queries".');
    }
    const ids = await valueOf(catalog.namedQueryIds);
    expect(Object.keys(ids)).to.deep.equal(catalog.queries.map((q) => q.name));
    // The mocks give each resource the id "<physical name>-id".
    expect(ids["avg-cpu-by-instance"]).to.equal("avg-cpu-by-instance-id");
  });

  it("grants the query policy only the workgroup, the three tables, the read prefixes and the results", async () => {
    const { catalog, resources } = await build("ac-policy");
    const statements = statementsOf(byName(resources, "ac-policy-query-policy"));
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.RunQueriesInWorkgroup?.Resource).to.equal(await valueOf(catalog.workgroupArn));
    expect(bySid.ReadCatalog?.Resource).to.deep.equal([
      `arn:aws:glue:eu-west-1:${ACCOUNT_ID}:catalog`,
      `arn:aws:glue:eu-west-1:${ACCOUNT_ID}:database/ac_policy`,
      `arn:aws:glue:eu-west-1:${ACCOUNT_ID}:table/ac_policy/metrics`,
      `arn:aws:glue:eu-west-1:${ACCOUNT_ID}:table/ac_policy/quarantine`,
      `arn:aws:glue:eu-west-1:${ACCOUNT_ID}:table/ac_policy/metrics_curated`,
    ]);
    expect(bySid.ReadLakePrefixes?.Resource).to.deep.equal([
      `arn:aws:s3:::${LAKE}/raw-metrics/*`,
      `arn:aws:s3:::${LAKE}/quarantine/*`,
      `arn:aws:s3:::${LAKE}/curated-metrics/*`,
    ]);
    const results = await valueOf(catalog.resultsBucketArn);
    expect(bySid.WriteAndReadResults?.Resource).to.equal(`${results}/*`);
    expect(bySid.UseEncryptionKey).to.equal(undefined);
    const resourcesNamed = statements.flatMap((s) => [s.Resource].flat());
    expect(resourcesNamed.filter((r) => r.includes("*") && !r.endsWith("/*"))).to.deep.equal([]);
  });

  it("lets overrides win and keeps the configuration invariant", async () => {
    const { resources } = await build("ac-overrides", {
      databaseName: "custom_db",
      workgroup: { description: "mine", state: "DISABLED" },
      resultsBucket: { tags: { team: "sre" } },
      tags: { project: "x" },
    });
    expect(byName(resources, "ac-overrides-database").inputs.name).to.equal("custom_db");
    const wg = byName(resources, "ac-overrides-workgroup").inputs;
    expect(wg.description).to.equal("mine");
    expect(wg.state).to.equal("DISABLED");
    expect(wg.tags).to.deep.equal({ project: "x" });
    expect(wg.configuration.enforceWorkgroupConfiguration).to.equal(true);
    expect(byName(resources, "ac-overrides-results").inputs.tags).to.deep.equal({
      project: "x",
      team: "sre",
    });
    expect(byName(resources, "ac-overrides-metrics-table").inputs.databaseName).to.equal(
      "custom_db",
    );
  });

  it("warns on each weakened security default and lets deletion happen when protection is off", async () => {
    const warnings = await captureWarnings(
      () =>
        new AnalyticsCatalog("ac-weak", {
          ...baseArgs,
          deletionProtection: false,
          enforceWorkgroupConfiguration: false,
        }),
    );
    expect(warnings.filter((w) => w.startsWith("AnalyticsCatalog:"))).to.have.members([
      `AnalyticsCatalog: enforceWorkgroupConfiguration overrides a security default; see docs/components/analytics-catalog.md#default-settings.`,
      `AnalyticsCatalog: deletionProtection overrides a security default; see docs/components/analytics-catalog.md#default-settings.`,
    ]);
    const resources = await settled();
    const wg = byName(resources, "ac-weak-workgroup").inputs;
    expect(wg.forceDestroy).to.equal(true);
    expect(wg.configuration.enforceWorkgroupConfiguration).to.equal(false);
    expect(wg.configuration.enableMinimumEncryptionConfiguration).to.equal(true);
    expect(byName(resources, "ac-weak-results").inputs.forceDestroy).to.equal(true);
  });

  it("does not warn with the defaults", async () => {
    const warnings = await captureWarnings(() => new AnalyticsCatalog("ac-quiet", baseArgs));
    expect(warnings.filter((w) => w.startsWith("AnalyticsCatalog:"))).to.deep.equal([]);
  });

  it("reports every invalid argument in one error", () => {
    const message = constructionError(
      () =>
        new AnalyticsCatalog("Bad_Name", {
          ...baseArgs,
          environment: "Prod!",
          thresholds: { ...DEFAULT_THRESHOLDS, cpu: 0, memory: 101 },
          bytesScannedCutoffPerQuery: 1024,
          resultsExpireDays: 0,
          projectionYears: { first: 2030, last: 2025 },
        }),
    );
    expect(message).to.match(/^AnalyticsCatalog Bad_Name: invalid arguments:/);
    for (const part of [
      'name "Bad_Name" must be 1-38 lower-case',
      'environment "Prod!" must be',
      'databaseName "Bad_Name" must be lower-case',
      "thresholds.cpu must be a percentage",
      "thresholds.memory must be a percentage",
      "bytesScannedCutoffPerQuery must be a whole number of bytes, at least 10485760",
      "resultsExpireDays must be a positive whole number",
      "projectionYears must be whole years",
    ]) {
      expect(message).to.include(part);
    }
  });

  it("lets two instances live in one stack without colliding", async () => {
    new AnalyticsCatalog("ac-one", baseArgs);
    new AnalyticsCatalog("ac-two", baseArgs);
    const resources = await settled();
    const names = resources.map((r) => `${r.type} ${r.name}`);
    expect(new Set(names).size).to.equal(names.length);
    const databases = ofType(resources, "aws:glue/catalogDatabase:CatalogDatabase");
    expect(databases.map((d) => d.inputs.name).sort()).to.deep.equal(["ac_one", "ac_two"]);
  });
});
