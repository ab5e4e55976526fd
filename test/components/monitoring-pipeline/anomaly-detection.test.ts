import { expect } from "chai";
import type * as Components from "../../../components";
import { byName, deploymentErrors, mockedSuite } from "../../helpers/pulumi-mocks";

let C: typeof Components;

describe("MonitoringPipeline anomalyDetection", () => {
  mockedSuite(async () => {
    C = await import("../../../components/index.js");
  });

  it("passes the settings to the processor's environment", async () => {
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("mp-anom", {
          environment: "test",
          metricSource: "synthetic",
          anomalyDetection: { enabled: true, sensitivity: 0.7, metrics: ["network_in"] },
        }),
    );
    expect(errors).to.deep.equal([]);
    const env = byName(resources, "mp-anom-processor").inputs.environment.variables as Record<
      string,
      unknown
    >;
    expect(env.ANOMALY_DETECTION).to.equal("0.7:network_in");
  });
});
