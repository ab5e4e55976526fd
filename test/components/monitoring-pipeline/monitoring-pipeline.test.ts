import * as aws from "@pulumi/aws";
import { expect } from "chai";
import {
  byName,
  captureWarnings,
  constructionError,
  documentOf,
  mockedSuite,
  ofType,
  resetRecorded,
  settled,
  valueOf,
} from "../../helpers/pulumi-mocks";
import type { MonitoringPipeline as PipelineClass } from "../../../components/monitoring-pipeline";

let MonitoringPipeline: typeof PipelineClass;
const SCOPED = ["aws:glue/catalogTable:CatalogTable", "aws:athena/namedQuery:NamedQuery"];
const base = { environment: "test", metricSource: "synthetic", alertEmails: ["ops@example.com"] };

describe("MonitoringPipeline", () => {
  mockedSuite(async () => {
    ({ MonitoringPipeline } = await import("../../../components/monitoring-pipeline/index.js"));
  });

  it("composes the four parts from one args object, thresholds and schedule given once", async () => {
    const p = new MonitoringPipeline("mp", {
      ...base,
      schedule: "rate(30 minutes)",
      thresholds: { cpu: 70 },
      alertEmails: ["ops@example.com"],
    });
    expect(await valueOf(p.alertTopicArn)).to.match(/mp-topic$/);
    const resources = await settled();
    const components = resources.filter((r) => !r.custom).map((r) => `${r.type} ${r.name}`);
    expect(components.sort()).to.deep.equal([
      "infra-monitoring-pipeline:index:AlertingStack mp",
      "infra-monitoring-pipeline:index:AnalyticsCatalog mp",
      "infra-monitoring-pipeline:index:CollectorWorkflow mp",
      "infra-monitoring-pipeline:index:MetricStore mp",
      "infra-monitoring-pipeline:index:MonitoringPipeline mp",
    ]);
    const env = byName(resources, "mp-processor").inputs.environment.variables;
    expect(JSON.parse(env.THRESHOLDS)).to.include({ cpu: 70, memory: 90 });
    expect(env.ALERT_TOPIC_ARN).to.match(/mp-topic$/);
    expect(byName(resources, "mp-schedule").inputs.scheduleExpression).to.equal("rate(30 minutes)");
    const cpuAlarm = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").find(
      (a) => a.inputs.metricName === "cpu_utilization",
    );
    expect(cpuAlarm?.inputs.threshold).to.equal(70);
    expect(await valueOf(p.store.bucketName)).to.equal(await valueOf(p.lakeBucketName));
  });

  it("lets the processor start only the compaction's catch-up run, for late objects", async () => {
    new MonitoringPipeline("mpc", { ...base, lifecycle: { rawMetricsExpireDays: 14 } });
    const resources = await settled();
    const machine = byName(resources, "mpc-compaction");
    const env = byName(resources, "mpc-processor").inputs.environment.variables;
    expect(env.COMPACTION_STATE_MACHINE_ARN).to.match(/:stateMachine:mpc-compaction$/);
    // The compaction's own window: raw expires at 14 days.
    expect(env.COMPACTION_CATCH_UP_DAYS).to.equal("14");
    expect(machine.inputs.name).to.equal("mpc-compaction");
    const doc = documentOf(byName(resources, "mpc-processor-policy")) as {
      Statement: { Sid?: string; Action: string[]; Resource: unknown }[];
    };
    const start = doc.Statement.filter((s) => s.Action.some((a) => a.startsWith("states:")));
    expect(start).to.deep.equal([
      {
        Sid: "StartCatchUpCompaction",
        Effect: "Allow",
        Action: ["states:StartExecution"],
        Resource: env.COMPACTION_STATE_MACHINE_ARN,
      },
    ]);
  });

  it("validates every part before any child registers, naming each part", () => {
    const message = constructionError(
      () =>
        new MonitoringPipeline("mp-bad", {
          environment: "test",
          metricSource: "carrier-pigeon",
          hotTableTtlDays: 0,
          alertEmails: ["nobody"],
          thresholds: { disk: 101 },
        }),
    );
    expect(message).to.contain("store: hotTableTtlDays must be a positive whole number");
    expect(message).to.contain("workflow: metricSource must be one of cloudwatch, synthetic");
    expect(message).to.contain('alerting: alertEmails: "nobody" is not an e-mail address');
    expect(message).to.contain("analytics: thresholds.disk must be a percentage");
    return settled().then((resources) => {
      expect(resources.map((r) => r.type)).to.deep.equal([
        "infra-monitoring-pipeline:index:MonitoringPipeline",
      ]);
    });
  });

  it("passes executionTimeoutSeconds to the workflow, validated before any child registers", async () => {
    const timeoutOf = (resources: Awaited<ReturnType<typeof settled>>, name: string) =>
      (
        JSON.parse(byName(resources, `${name}-workflow`).inputs.definition as string) as {
          TimeoutSeconds: number;
        }
      ).TimeoutSeconds;
    new MonitoringPipeline("mp-given", { ...base, executionTimeoutSeconds: 900 });
    // Without it, derived: every shard round at its worst, capped at the 30-minute interval.
    new MonitoringPipeline("mp-derived", { ...base, schedule: "rate(30 minutes)" });
    const resources = await settled();
    expect(timeoutOf(resources, "mp-given")).to.equal(900);
    expect(timeoutOf(resources, "mp-derived")).to.equal(1800);

    resetRecorded();
    const message = constructionError(
      () => new MonitoringPipeline("mp-bad-timeout", { ...base, executionTimeoutSeconds: 60.5 }),
    );
    expect(message).to.contain(
      "workflow: executionTimeoutSeconds must be a whole number from 180 (",
    );
    expect(message).to.contain("got 60.5");
    expect((await settled()).map((r) => r.type)).to.deep.equal([
      "infra-monitoring-pipeline:index:MonitoringPipeline",
    ]);
  });

  it("two pipelines with different prefixes share no physical name", async () => {
    new MonitoringPipeline("a", { ...base, namePrefix: "team-a" });
    new MonitoringPipeline("b", { ...base, namePrefix: "team-b" });
    const resources = await settled();
    const names = resources
      // Glue tables and named queries are scoped by their database and workgroup.
      .filter((r) => !SCOPED.includes(r.type))
      .filter((r) => r.custom && typeof r.inputs.name === "string")
      .map((r) => r.inputs.name as string);
    expect(names.length).to.be.greaterThan(10);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).to.deep.equal([]);
    // Every explicit name carries its pipeline's prefix (Glue names with underscores).
    expect(names.filter((n) => !/team[-_][ab]/.test(n))).to.deep.equal([]);
  });

  it("uses an existing bucket as it is: no lake children, no notification, a warning", async () => {
    const lake = aws.s3.Bucket.get("shared-lake", "shared-lake");
    const warnings = await captureWarnings(
      () => new MonitoringPipeline("mpx", { ...base, existing: { lakeBucket: lake } }),
    );
    expect(warnings.some((w) => w.includes("existing.lakeBucket must have EventBridge"))).to.equal(
      true,
    );
    const resources = await settled();
    for (const part of [
      "lake",
      "lake-versioning",
      "lake-lifecycle",
      "lake-policy",
      "lake-notification",
    ]) {
      expect(
        resources.some((r) => r.name === `mpx-${part}`),
        part,
      ).to.equal(false);
    }
    const rule = byName(resources, "mpx-lake-objects").inputs;
    expect(JSON.parse(rule.eventPattern).detail.bucket.name).to.deep.equal(["shared-lake"]);
    expect(byName(resources, "mpx-collector").inputs.environment.variables.LAKE_BUCKET).to.equal(
      "shared-lake",
    );
  });

  it("warns for store settings an existing bucket cannot take", async () => {
    const lake = aws.s3.Bucket.get("other-lake", "other-lake");
    const { MetricStore } = await import("../../../components/metric-store/index.js");
    const warnings = await captureWarnings(
      () =>
        new MetricStore("msx", { bucket: { existing: lake }, versioning: false, lifecycle: {} }),
    );
    expect(warnings).to.include.members([
      "MetricStore: lifecycle is ignored: bucket.existing is managed by its owner",
      "MetricStore: versioning is ignored: bucket.existing is managed by its owner",
    ]);
  });
});
