import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  byName,
  captureInfo,
  deploymentErrors,
  mockedSuite,
  STACK_OUTPUTS,
  settled,
} from "../../helpers/pulumi-mocks";
import type * as Components from "../../../components";

let C: typeof Components;
/** How the engine marks a secret input: the mocks see the signature and the value inside. */
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const SHARED = "acme/shared/thresholds";
const base = { environment: "test", metricSource: "synthetic" };
const CPU_RULE = "metric_type = 'cpu' AND metric_name = 'cpu_utilization'";

describe("MonitoringPipeline: thresholds from other stacks and secrets", () => {
  mockedSuite(async () => {
    C = await import("../../../components/index.js");
    STACK_OUTPUTS.set(SHARED, { outputs: { cpu: 70, memory: 95 }, secretOutputNames: ["memory"] });
  });

  it("gives another stack's threshold to the alarm, the processor and the saved query", async () => {
    const shared = new pulumi.StackReference(SHARED);
    let pipeline: Components.MonitoringPipeline | undefined;
    const { errors, resources } = await deploymentErrors(() => {
      pipeline = new C.MonitoringPipeline("mt-ref", {
        ...base,
        thresholds: { cpu: shared.getOutput("cpu") as pulumi.Output<number>, disk: 75 },
      });
    });
    expect(errors).to.deep.equal([]);
    expect(byName(resources, "mt-ref-high-cpu").inputs.threshold).to.equal(70);
    expect(byName(resources, "mt-ref-high-disk").inputs.threshold).to.equal(75);
    const variables = byName(resources, "mt-ref-processor").inputs.environment.variables;
    expect(variables.THRESHOLDS).to.equal('{"cpu":70,"memory":90,"disk":75,"errorRate":5}');
    const saved = byName(resources, "mt-ref-query-threshold-violations").inputs.query as string;
    expect(saved).to.contain(`(${CPU_RULE} AND value > 70)`);
    expect(saved).to.contain(`WHEN ${CPU_RULE} THEN 70`);
    // The component's own list shows where the value goes; the saved query has it.
    const listed = pipeline?.analytics.queries.find((q) => q.name === "threshold-violations");
    expect(listed?.sql).to.contain(`(${CPU_RULE} AND value > {thresholds.cpu})`);
    expect(listed?.sql.replaceAll("{thresholds.cpu}", "70")).to.equal(saved);
  });

  it("keeps a secret threshold secret in the processor's variables and the saved query", async () => {
    const shared = new pulumi.StackReference(SHARED);
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("mt-sec", {
          ...base,
          thresholds: { memory: shared.getOutput("memory") as pulumi.Output<number> },
        }),
    );
    expect(errors).to.deep.equal([]);
    const environment = byName(resources, "mt-sec-processor").inputs.environment;
    expect(Object.keys(environment)).to.deep.equal([...Object.keys(SECRET), "value"]);
    expect(environment.value.variables.THRESHOLDS).to.equal(
      '{"cpu":80,"memory":95,"disk":85,"errorRate":5}',
    );
    const saved = byName(resources, "mt-sec-query-threshold-violations").inputs.query;
    expect(Object.keys(saved)).to.deep.equal([...Object.keys(SECRET), "value"]);
    expect(byName(resources, "mt-sec-high-memory").inputs.threshold).to.deep.equal({
      ...SECRET,
      value: 95,
    });
  });

  it("fails the deployment in each part that reads a bad threshold, as a plain one is refused", async () => {
    const { errors, resources } = await deploymentErrors(
      () => new C.MonitoringPipeline("mt-bad", { ...base, thresholds: { cpu: pulumi.output(0) } }),
    );
    const problem = "thresholds.cpu must be a percentage above 0 and at most 100 (got 0)";
    expect(errors.sort()).to.deep.equal([
      `MonitoringPipeline mt-bad: invalid arguments:\n  - alerting: ${problem}`,
      `MonitoringPipeline mt-bad: invalid arguments:\n  - analytics: ${problem}`,
      `MonitoringPipeline mt-bad: invalid arguments:\n  - workflow: ${problem}`,
    ]);
    expect(resources.some((r) => r.name === "mt-bad-high-cpu")).to.equal(false);
    expect(resources.some((r) => r.name === "mt-bad-processor")).to.equal(false);
    expect(resources.some((r) => r.name === "mt-bad-query-threshold-violations")).to.equal(false);
  });
});

describe("MonitoringPipeline: a threshold unknown in preview", () => {
  mockedSuite(async () => {
    C = await import("../../../components/index.js");
  }, true);

  it("says once that it is checked at deploy, and still plans every child", async () => {
    const unknown = pulumi.output(pulumi.unknown) as pulumi.Output<number>;
    const info = await captureInfo(
      () => new C.MonitoringPipeline("mt-pv", { ...base, thresholds: { cpu: unknown } }),
    );
    expect(info).to.deep.equal([
      "MonitoringPipeline mt-pv: thresholds.cpu is not known in this preview: it is checked at deploy.",
    ]);
    const resources = await settled();
    for (const child of ["mt-pv-high-cpu", "mt-pv-processor", "mt-pv-query-threshold-violations"]) {
      expect(
        resources.some((r) => r.name === child),
        child,
      ).to.equal(true);
    }
  });
});
