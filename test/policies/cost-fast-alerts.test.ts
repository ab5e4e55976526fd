import { expect } from "chai";
import { buildFastAlertSpecs } from "../../components/alerting-stack/fast-alerts";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import { estimateMonthlyCost } from "../../policies/cost/estimate";
import { countsFromStack, DEFAULT_FACTS } from "../../policies/cost/from-stack";
import { TYPES } from "../../policies/rules/types";
import { compliantStack } from "./fixtures";

/** The compliant stack plus the fast alarms of `instances` listed instances, as deployed. */
function withFastAlerts(instances: number) {
  const stack = compliantStack();
  const ids = Array.from({ length: instances }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
  const specs = buildFastAlertSpecs({
    thresholds: DEFAULT_THRESHOLDS,
    periodSeconds: 300,
    target: { instanceIds: ids },
    runbook: () => "",
  });
  for (const spec of specs) {
    stack.push({
      type: TYPES.metricAlarm,
      name: spec.key,
      props: {
        metricQueries: [{ id: "q1", expression: spec.query, period: 300, returnData: true }],
      },
    });
  }
  return { stack, alarms: specs.length };
}

describe("cost model: fast alerts split over several alarms", () => {
  it("prices each metric once per instance, however many alarms its instance list is split over", () => {
    const { stack, alarms } = withFastAlerts(60);
    // 60 instances: three alarms per metric (24 + 24 + 12 ids within 1,024 characters).
    expect(alarms).to.equal(9);
    const counts = countsFromStack(stack);
    expect(counts.insightsAlarms).to.equal(3);
    const e = estimateMonthlyCost({ ...DEFAULT_FACTS, instances: 60 }, counts);
    const line = e.lines.find((l) => l.item === "CloudWatch fast alerts (Metrics Insights)");
    // 3 metrics x 60 instances x $0.10.
    expect(line?.usd).to.be.closeTo(18, 1e-9);
  });

  it("one alarm per metric when the list fits: the same price", () => {
    const { stack, alarms } = withFastAlerts(20);
    expect(alarms).to.equal(3);
    expect(countsFromStack(stack).insightsAlarms).to.equal(3);
  });
});
