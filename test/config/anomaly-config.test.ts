import { expect } from "chai";
import { parseStackConfig, StackConfigError } from "../../config/load";
import { settingsFromEnv } from "../../contract/handler-settings";

const config = (anomalyDetection: unknown) => ({
  "infra-monitoring:environment": "dev",
  "infra-monitoring:metricSource": "synthetic",
  "infra-monitoring:anomalyDetection": JSON.stringify(anomalyDetection),
});

function problemsOf(anomalyDetection: unknown): readonly string[] {
  try {
    parseStackConfig(config(anomalyDetection));
  } catch (err) {
    expect(err).to.be.instanceOf(StackConfigError);
    return (err as StackConfigError).problems;
  }
  return [];
}

describe("stack config: anomalyDetection", () => {
  it("takes a sensitivity just above 0 and exactly 1", () => {
    for (const sensitivity of [1e-9, 1]) {
      const parsed = parseStackConfig(config({ enabled: true, sensitivity }));
      expect(parsed.anomalyDetection.sensitivity).to.equal(sensitivity);
    }
  });

  for (const sensitivity of [0, -0.1, 1.000001, 45]) {
    it(`refuses sensitivity ${sensitivity}, naming the key`, () => {
      expect(problemsOf({ enabled: true, sensitivity })).to.deep.equal([
        "infra-monitoring:anomalyDetection.sensitivity: must be more than 0 and at most 1",
      ]);
    });
  }

  it("refuses an unknown metric and an empty list, naming the key", () => {
    const [unknown] = problemsOf({ metrics: ["cpu_utilization", "cpu"] });
    expect(unknown).to.match(/^infra-monitoring:anomalyDetection\.metrics\.1: must be one of /);
    expect(unknown).to.include("network_out");
    expect(problemsOf({ metrics: [] })[0]).to.match(
      /^infra-monitoring:anomalyDetection\.metrics: /,
    );
  });

  it("refuses an unknown field and a non-boolean enabled", () => {
    expect(problemsOf({ enabld: true }).join("\n")).to.include("enabld");
    expect(problemsOf({ enabled: "yes" })[0]).to.match(
      /^infra-monitoring:anomalyDetection\.enabled: /,
    );
  });

  it("the processor refuses a bad ANOMALY_DETECTION variable, naming it", () => {
    const env = { PIPELINE_ENVIRONMENT: "dev", LAKE_BUCKET: "b", HOT_TABLE: "t" };
    expect(
      settingsFromEnv({ ...env, ANOMALY_DETECTION: "1:disk_utilization" }).anomalyDetection,
    ).to.deep.equal({ sensitivity: 1, metrics: ["disk_utilization"] });
    expect(settingsFromEnv(env).anomalyDetection).to.equal(undefined);
    for (const bad of ["0:cpu_utilization", "1.5:cpu_utilization", "0.4:cpu", "0.4:", "cpu"]) {
      expect(() => settingsFromEnv({ ...env, ANOMALY_DETECTION: bad }), bad).to.throw(
        /ANOMALY_DETECTION: /,
      );
    }
  });
});
