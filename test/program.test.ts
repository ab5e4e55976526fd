import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import {
  byName,
  mockedSuite,
  resetRecorded,
  settled,
  setStackConfig,
  valueOf,
} from "./helpers/pulumi-mocks";

type Program = () => Record<string, pulumi.Output<unknown> | undefined>;

/** The `config:` map of a shipped stack file, read from disk so the test follows the file. */
function stackConfig(stack: string): Record<string, unknown> {
  const file = join(__dirname, "..", `Pulumi.${stack}.yaml`);
  return (parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config;
}

describe("the stack program", () => {
  let program: Program;
  mockedSuite(async () => {
    program = (await import("../index.js")).default as unknown as Program;
  });

  for (const stack of ["dev", "prod"]) {
    it(`runs with the shipped Pulumi.${stack}.yaml and exports the store's outputs`, async () => {
      setStackConfig(stackConfig(stack));
      const outputs = program();
      expect(await valueOf(outputs.hotTable as pulumi.Output<string>)).to.equal(
        `monitoring-${stack}-hot-table`,
      );
      const resources = await settled();
      const table = byName(resources, `monitoring-${stack}-hot-table`).inputs;
      const lifecycle = byName(resources, `monitoring-${stack}-lake-lifecycle`).inputs.rules[0];
      const config = stackConfig(stack) as Record<string, Record<string, number> & boolean>;
      const retention = config["infra-monitoring:retention"] as Record<string, number>;
      expect(lifecycle.expiration.days).to.equal(retention.lakeExpireDays);
      expect(table.deletionProtectionEnabled).to.equal(
        config["infra-monitoring:deletionProtection"],
      );
      expect(table.tags).to.include({ project: "infra-monitoring", environment: stack });
    });
  }

  it("differs between the stacks where the config says so", async () => {
    setStackConfig(stackConfig("dev"));
    program();
    const dev = await settled();
    resetRecorded();
    setStackConfig(stackConfig("prod"));
    program();
    const prod = await settled();
    const transitions = (rs: typeof dev, stack: string) =>
      byName(rs, `monitoring-${stack}-lake-lifecycle`).inputs.rules[0].transitions.map(
        (t: { storageClass: string }) => t.storageClass,
      );
    expect(transitions(dev, "dev")).to.deep.equal(["STANDARD_IA"]);
    expect(transitions(prod, "prod")).to.deep.equal(["STANDARD_IA", "GLACIER_IR"]);
    expect(byName(dev, "monitoring-dev-lake").inputs.forceDestroy).to.equal(true);
    expect(byName(prod, "monitoring-prod-lake").inputs.forceDestroy).to.equal(false);
  });

  // Every prefix a table reads stays in classes Athena reads: Standard, Standard-IA, Glacier IR.
  const expectedLifecycle = (ia: number, archive: number | undefined, expire: number) => {
    const tiers = (prefix: string, archiveClass: string) => ({
      id: `${prefix}-tier-and-expire`,
      status: "Enabled",
      filter: { prefix: `${prefix}/` },
      transitions: [
        { days: ia, storageClass: "STANDARD_IA" },
        ...(archive === undefined ? [] : [{ days: archive, storageClass: archiveClass }]),
      ],
      expiration: { days: expire },
    });
    return {
      transitionDefaultMinimumObjectSize: "all_storage_classes_128K",
      rules: [
        tiers("curated-metrics", "GLACIER_IR"),
        tiers("raw-logs", "GLACIER"),
        tiers("quarantine", "GLACIER_IR"),
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
          noncurrentVersionExpiration: { noncurrentDays: 30 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    };
  };
  for (const [stack, ia, archive, expire] of [
    ["dev", 30, undefined, 90],
    ["prod", 30, 90, 730],
  ] as const) {
    it(`gives the ${stack} lake exactly its lifecycle: Athena-readable tiers where tables read`, async () => {
      setStackConfig(stackConfig(stack));
      program();
      const inputs = byName(await settled(), `monitoring-${stack}-lake-lifecycle`).inputs;
      expect({
        transitionDefaultMinimumObjectSize: inputs.transitionDefaultMinimumObjectSize,
        rules: inputs.rules,
      }).to.deep.equal(expectedLifecycle(ia, archive, expire));
    });
  }

  it("wires the components together: topic into the workflow, workflow into the alarms", async () => {
    setStackConfig(stackConfig("prod"));
    program();
    const resources = await settled();
    const topicArn = "arn:aws:sns:eu-west-1:123456789012:monitoring-prod-topic";
    const env = (fn: string) => byName(resources, fn).inputs.environment.variables;
    expect(env("monitoring-prod-processor")).to.include({
      ALERT_TOPIC_ARN: topicArn,
      HOT_TABLE: "monitoring-prod-hot-table",
    });
    expect(env("monitoring-prod-collector")).to.include({
      LAKE_BUCKET: "monitoring-prod-lake",
      METRIC_SOURCE: "cloudwatch",
      TARGET_TAG_KEY: "Monitoring",
      TARGET_TAG_VALUE: "enabled",
    });
    expect(byName(resources, "monitoring-prod-workflow").inputs.definition).to.contain(topicArn);
    const alarmedFunctions = resources
      .filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")
      .map((r) => r.inputs.dimensions?.FunctionName)
      .filter(Boolean);
    expect(new Set(alarmedFunctions)).to.deep.equal(
      new Set(["monitoring-prod-collector", "monitoring-prod-processor"]),
    );
    const components = resources
      .filter((r) => !r.custom)
      .map((r) => r.type)
      .sort();
    expect(components).to.deep.equal([
      "infra-monitoring-pipeline:index:AlertingStack",
      "infra-monitoring-pipeline:index:AnalyticsCatalog",
      "infra-monitoring-pipeline:index:CollectorWorkflow",
      "infra-monitoring-pipeline:index:MetricStore",
      "infra-monitoring-pipeline:index:MonitoringPipeline",
    ]);
  });

  it("fails on invalid config before registering any resource, listing every bad key", async () => {
    setStackConfig({
      ...stackConfig("dev"),
      "infra-monitoring:schedule": "every 3 hours",
      "infra-monitoring:alertEmails": ["not-an-address"],
      "infra-monitoring:colour": "blue",
    });
    expect(() => program()).to.throw(pulumi.RunError, /Invalid stack config/);
    let message = "";
    try {
      program();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.contain("infra-monitoring:schedule:");
    expect(message).to.contain("infra-monitoring:alertEmails.0: must be an e-mail address");
    expect(message).to.contain("infra-monitoring:colour: unknown key");
    expect(await settled()).to.deep.equal([]);
  });
});
