import { expect } from "chai";
import { aboveCpuThreshold, countAlerts, cpuAlarm } from "../../scripts/nab/alerts";
import { compareOnCloudwatch, isCpuSeries } from "../../scripts/nab/compare";
import { findNabDir } from "../../scripts/nab/corpus";

const HOUR = 3_600_000;

describe("alert counting for the threshold comparison", () => {
  it("applies the CPU threshold strictly above 80, and the alarm after two in a row", () => {
    const cpu = [80, 81, 79, 81, 81, 81, 70];
    expect(aboveCpuThreshold(cpu)).to.deep.equal([false, true, false, true, true, true, false]);
    expect(cpuAlarm(cpu)).to.deep.equal([false, false, false, false, true, true, false]);
  });

  it("counts one alert per run of flagged rows, true inside a window, from the first scored row", () => {
    const f = [true, false, true, true, false, true, false, false, true, true];
    const ts = f.map((_, i) => i * HOUR);
    // Window rows 5..7 catches the alert at row 5; rows 2 and 8 start false alerts; row 0 is before `from`.
    const c = countAlerts(f, [{ start: 5, end: 7 }], ts, 1);
    expect(c).to.deep.equal({ windows: 1, caught: 1, alerts: 3, falseAlerts: 2, days: 8 / 24 });
    // A run already going when the window opens is not a new alert, so the window is missed.
    expect(countAlerts(f, [{ start: 3, end: 4 }], ts, 1).caught).to.equal(0);
  });

  it("applies the CPU threshold only to the EC2 and RDS CPU series", () => {
    expect(isCpuSeries("ec2_cpu_utilization_24ae8d.csv")).to.equal(true);
    expect(isCpuSeries("rds_cpu_utilization_cc0c53.csv")).to.equal(true);
    expect(isCpuSeries("ec2_network_in_257a54.csv")).to.equal(false);
    expect(isCpuSeries("grok_asg_anomaly.csv")).to.equal(false);
  });
});

describe("fixed thresholds against the detector on realAWSCloudwatch", function () {
  this.timeout(60_000);
  const nab = findNabDir();
  if (!nab)
    throw new Error("NAB folder not found: set NAB_DIR or keep shared/nab beside the clone");

  it("catches more labelled windows with at least 60 % fewer false alerts than either CPU rule", () => {
    const [immediate, alarm, detector, other] = compareOnCloudwatch(nab).map((r) => r.counts);
    expect(detector?.windows).to.equal(16);
    expect(other?.windows).to.equal(14);
    for (const fixed of [immediate, alarm]) {
      expect(detector?.caught).to.be.above(fixed?.caught ?? Infinity);
      expect(detector?.falseAlerts).to.be.at.most(0.4 * (fixed?.falseAlerts ?? 0));
    }
  });
});
