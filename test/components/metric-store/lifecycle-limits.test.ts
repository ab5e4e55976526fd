import { expect } from "chai";
import { parseStackConfig, StackConfigError } from "../../../config/load";
import type { MetricStoreLifecycleArgs } from "../../../components/metric-store/args";
import { validateMetricStoreArgs } from "../../../components/metric-store/validate";

const problems = (lifecycle: MetricStoreLifecycleArgs) =>
  validateMetricStoreArgs("ms", { lifecycle });

/** The stack config's problems with these retention keys (none: []). */
function configProblems(retention: Record<string, number>): readonly string[] {
  try {
    parseStackConfig({
      "infra-monitoring:environment": "dev",
      "infra-monitoring:metricSource": "synthetic",
      "infra-monitoring:retention": JSON.stringify(retention),
    });
    return [];
  } catch (err) {
    expect(err).to.be.instanceOf(StackConfigError);
    return (err as StackConfigError).problems;
  }
}

// S3: Standard-IA no sooner than day 30, Glacier at least 30 days after Standard-IA, and
// 30 (Standard-IA) or 90 (Glacier) days billed however soon an object expires.
describe("lake lifecycle limits at their edges", () => {
  it("accepts Glacier exactly 30 days after Standard-IA, refuses 29", () => {
    expect(problems({ infrequentAccessDays: 30, archiveDays: 60, expireDays: 150 })).to.deep.equal(
      [],
    );
    expect(problems({ infrequentAccessDays: 30, archiveDays: 59, expireDays: 150 })).to.deep.equal([
      "lifecycle.archiveDays (59) must be at least lifecycle.infrequentAccessDays + 30 (60): S3 refuses a Glacier transition sooner after the Standard-IA one",
    ]);
  });

  it("accepts expiry exactly 90 days after Glacier, refuses 89", () => {
    expect(problems({ infrequentAccessDays: 30, archiveDays: 90, expireDays: 180 })).to.deep.equal(
      [],
    );
    expect(problems({ infrequentAccessDays: 30, archiveDays: 90, expireDays: 179 })).to.deep.equal([
      "lifecycle.expireDays (179) must be at least lifecycle.archiveDays + 90 (180): S3 bills 90 days of Glacier for every archived object",
    ]);
  });

  it("accepts expiry exactly 30 days after Standard-IA without archive, refuses 29", () => {
    expect(problems({ infrequentAccessDays: 30, expireDays: 60 })).to.deep.equal([]);
    expect(problems({ infrequentAccessDays: 30, expireDays: 59 })).to.deep.equal([
      "lifecycle.expireDays (59) must be at least lifecycle.infrequentAccessDays + 30 (60): S3 bills 30 days of Standard-IA for every object moved there",
    ]);
  });

  it("refuses the same stack config, naming the retention key", () => {
    const base = { lakeInfrequentAccessDays: 30 };
    expect(configProblems({ ...base, lakeArchiveDays: 60, lakeExpireDays: 150 })).to.deep.equal([]);
    expect(configProblems({ ...base, lakeArchiveDays: 59, lakeExpireDays: 150 })).to.deep.equal([
      "infra-monitoring:retention.lakeArchiveDays: must be at least lakeInfrequentAccessDays + 30 (60): S3 refuses a Glacier transition sooner",
    ]);
    expect(configProblems({ ...base, lakeArchiveDays: 90, lakeExpireDays: 179 })).to.deep.equal([
      "infra-monitoring:retention.lakeExpireDays: must be at least lakeArchiveDays + 90 (180): S3 bills 90 days of Glacier",
    ]);
    expect(configProblems({ ...base, lakeExpireDays: 59 })).to.deep.equal([
      "infra-monitoring:retention.lakeExpireDays: must be at least lakeInfrequentAccessDays + 30 (60): S3 bills 30 days of Standard-IA",
    ]);
    expect(configProblems({ ...base, lakeExpireDays: 60 })).to.deep.equal([]);
  });
});
