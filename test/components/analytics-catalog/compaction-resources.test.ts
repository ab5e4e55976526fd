import { expect } from "chai";
import type {
  AnalyticsCatalog as AnalyticsCatalogClass,
  AnalyticsCatalogArgs,
} from "../../../components/analytics-catalog";
import { buildCompactionDefinition } from "../../../components/analytics-catalog/compaction-definition";
import {
  ACCOUNT_ID,
  byName,
  constructionError,
  mockedSuite,
  ofType,
  settled,
  statementsOf,
  valueOf,
} from "../../helpers/pulumi-mocks";
import { baseArgs, LAKE } from "./fixtures";

let AnalyticsCatalog: typeof AnalyticsCatalogClass;

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts";

async function build(name: string, args: Partial<AnalyticsCatalogArgs> = {}) {
  const catalog = new AnalyticsCatalog(name, { ...baseArgs, ...args });
  await valueOf(catalog.compactionStateMachineArn);
  return { catalog, resources: await settled() };
}

describe("AnalyticsCatalog's curated layer and compaction", () => {
  mockedSuite(async () => {
    ({ AnalyticsCatalog } = await import("../../../components/analytics-catalog/index.js"));
  });

  it("declares the curated table as Parquet under curated-metrics/, projected down to the day", async () => {
    const { catalog, resources } = await build("cc-table");
    const table = byName(resources, "cc-table-curated-table").inputs;
    expect(await valueOf(catalog.curatedTableName)).to.equal("metrics_curated");
    expect(table.partitionKeys).to.deep.equal([
      { name: "year", type: "int" },
      { name: "month", type: "int" },
      { name: "day", type: "int" },
    ]);
    const sd = table.storageDescriptor;
    expect(sd.location).to.equal(`s3://${LAKE}/curated-metrics/`);
    expect(sd.serDeInfo.serializationLibrary).to.equal(
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    );
    expect(sd.inputFormat).to.equal(
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    );
    expect(sd.columns.at(-1)).to.deep.equal({ name: "hour", type: "int" });
    const p = table.parameters as Record<string, string>;
    expect(p.classification).to.equal("parquet");
    expect(p["projection.hour.type"]).to.equal(undefined);
    expect(p["storage.location.template"]).to.equal(
      `s3://${LAKE}/curated-metrics/year=\${year}/month=\${month}/day=\${day}/`,
    );
  });

  it("deploys the compaction definition for its own workgroup, database and lake, logged and traced", async () => {
    const { catalog, resources } = await build("cc-sm");
    const sm = byName(resources, "cc-sm-compaction").inputs;
    const expected = buildCompactionDefinition({
      workgroup: await valueOf(catalog.workgroupName),
      database: "cc_sm",
      rawTable: "metrics",
      lakeBucket: LAKE,
      catchUpDays: 30,
    });
    expect(JSON.parse(sm.definition as string)).to.deep.equal(expected);
    expect(sm.type).to.equal("STANDARD");
    expect(sm.tracingConfiguration).to.deep.equal({ enabled: true });
    expect(sm.loggingConfiguration.level).to.equal("ERROR");
    expect(sm.loggingConfiguration.logDestination).to.match(/cc-sm-compaction:\*$/);
    const logs = byName(resources, "cc-sm-compaction-logs").inputs;
    expect(logs.retentionInDays).to.equal(30);
  });

  it("grants the compaction role reads of raw-metrics/ and writes and deletes under curated-metrics/ only", async () => {
    const { catalog, resources } = await build("cc-role");
    const bySid = Object.fromEntries(
      statementsOf(byName(resources, "cc-role-compaction-policy")).map((s) => [s.Sid, s]),
    );
    expect(bySid.RunCompactionQueries?.Resource).to.equal(await valueOf(catalog.workgroupArn));
    expect(bySid.ReadRawMetrics?.Resource).to.equal(`arn:aws:s3:::${LAKE}/raw-metrics/*`);
    expect(bySid.ReplaceCuratedMetrics?.Resource).to.equal(
      `arn:aws:s3:::${LAKE}/curated-metrics/*`,
    );
    expect(bySid.ReadRawTable?.Resource).to.deep.equal([
      `arn:aws:glue:eu-west-1:${ACCOUNT_ID}:catalog`,
      `arn:aws:glue:eu-west-1:${ACCOUNT_ID}:database/cc_role`,
      `arn:aws:glue:eu-west-1:${ACCOUNT_ID}:table/cc_role/metrics`,
    ]);
    expect(bySid.ListLakePrefixes?.Condition).to.deep.equal({
      StringLike: { "s3:prefix": ["raw-metrics/*", "curated-metrics/*"] },
    });
    expect(bySid.UseEncryptionKey).to.equal(undefined);
    // The catch-up's markers are objects under curated-metrics/: no grant beyond the above.
    expect(bySid.FindOverlappingRuns).to.deep.equal({
      Sid: "FindOverlappingRuns",
      Effect: "Allow",
      Action: "states:ListExecutions",
      Resource: await valueOf(catalog.compactionStateMachineArn),
    });
    // Everything the role may do in the lake, exactly (the day markers included).
    const inLake = statementsOf(byName(resources, "cc-role-compaction-policy")).filter((st) =>
      [st.Resource].flat().some((r) => r.startsWith(`arn:aws:s3:::${LAKE}`)),
    );
    expect(inLake.map(({ Action, Resource }) => ({ Action, Resource }))).to.deep.equal([
      { Action: "s3:GetObject", Resource: `arn:aws:s3:::${LAKE}/raw-metrics/*` },
      {
        Action: [
          "s3:PutObject",
          "s3:DeleteObject",
          "s3:AbortMultipartUpload",
          "s3:ListMultipartUploadParts",
        ],
        Resource: `arn:aws:s3:::${LAKE}/curated-metrics/*`,
      },
      { Action: "s3:ListBucket", Resource: `arn:aws:s3:::${LAKE}` },
      {
        Action: "s3:GetBucketLocation",
        Resource: [`arn:aws:s3:::${LAKE}`, `arn:aws:s3:::cc-role-results`],
      },
    ]);
    const trust = JSON.parse(byName(resources, "cc-role-compaction-role").inputs.assumeRolePolicy);
    expect(trust.Statement[0].Principal).to.deep.equal({ Service: "states.amazonaws.com" });
  });

  it("starts the catch-up daily at 01:30 UTC, the scheduler allowed only that", async () => {
    const { catalog, resources } = await build("cc-schedule");
    const schedule = byName(resources, "cc-schedule-compaction-schedule").inputs;
    const arn = await valueOf(catalog.compactionStateMachineArn);
    expect(schedule.scheduleExpression).to.equal("cron(30 1 * * ? *)");
    expect(schedule.scheduleExpressionTimezone).to.equal("UTC");
    expect(schedule.state).to.equal("ENABLED");
    expect(schedule.target.arn).to.equal(arn);
    // No days_ago: yesterday and every other closed day of the window that needs it.
    expect(JSON.parse(schedule.target.input as string)).to.deep.equal({});
    const [start] = statementsOf(byName(resources, "cc-schedule-compaction-scheduler-policy"));
    expect(start).to.deep.equal({
      Sid: "StartCompaction",
      Effect: "Allow",
      Action: ["states:StartExecution"],
      Resource: arn,
    });
  });

  it("takes its schedule and log retention, can be created disabled, and alarms to the given topic", async () => {
    const { catalog, resources } = await build("cc-custom", {
      compaction: { schedule: "cron(0 3 * * ? *)", enabled: false, logRetentionDays: 7 },
      alarmTopicArn: TOPIC,
    });
    const schedule = byName(resources, "cc-custom-compaction-schedule").inputs;
    expect(schedule.scheduleExpression).to.equal("cron(0 3 * * ? *)");
    expect(schedule.state).to.equal("DISABLED");
    expect(byName(resources, "cc-custom-compaction-logs").inputs.retentionInDays).to.equal(7);
    const arn = await valueOf(catalog.compactionStateMachineArn);
    const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms.map((a) => a.inputs.metricName).sort()).to.deep.equal([
      "ExecutionsFailed",
      "ExecutionsTimedOut",
    ]);
    for (const a of alarms) {
      expect(a.inputs.dimensions).to.deep.equal({ StateMachineArn: arn });
      expect(a.inputs.alarmActions).to.deep.equal([TOPIC]);
      expect(a.inputs.threshold).to.equal(0);
    }
  });

  it("refuses a bad compaction schedule or log retention, naming the key", () => {
    const message = constructionError(
      () =>
        new AnalyticsCatalog("cc-bad", {
          ...baseArgs,
          compaction: { schedule: "every day", logRetentionDays: 2 },
        }),
    );
    expect(message).to.include('compaction.schedule "every day"');
    expect(message).to.include("compaction.logRetentionDays must be a CloudWatch Logs retention");
  });
});
