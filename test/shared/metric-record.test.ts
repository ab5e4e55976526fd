import { expect } from "chai";
import { validateMetricRecord, type MetricValidation } from "../../contract/metric-record";

/** The sample record of the original design (seed 002), verbatim. */
const seedRecord = {
  timestamp: "2026-02-20T07:57:00Z",
  instance_id: "i-1234567890abcdef0",
  region: "us-east-1",
  metric_type: "cpu",
  value: 45.2,
  unit: "percent",
  metadata: { collection_method: "cloudwatch", pipeline_version: "1.0" },
};

function errorsOf(result: MetricValidation): string[] {
  if (result.ok) throw new Error("expected the record to be rejected");
  return result.errors;
}

describe("metricRecordSchema", () => {
  it("accepts the seed's sample record as is, normalizing its unit and naming its metric", () => {
    const result = validateMetricRecord(seedRecord);
    expect(result).to.deep.equal({
      ok: true,
      coerced: false,
      record: { ...seedRecord, unit: "Percent", metric_name: "cpu_utilization" },
    });
  });

  it("keeps an explicit metric name and CloudWatch unit", () => {
    const result = validateMetricRecord({
      ...seedRecord,
      metric_type: "network",
      metric_name: "network_in",
      value: 123456,
      unit: "Bytes",
    });
    expect(result.ok && result.record.metric_name).to.equal("network_in");
    expect(result.ok && result.record.unit).to.equal("Bytes");
  });

  it("accepts a numeric string value, converts it and reports the coercion", () => {
    const result = validateMetricRecord({ ...seedRecord, value: " 45.5 " });
    expect(result.ok).to.equal(true);
    expect(result.ok && result.record.value).to.equal(45.5);
    expect(result.ok && result.coerced).to.equal(true);
  });

  const rejected: [string, Record<string, unknown>, string][] = [
    ["a non-numeric value", { value: "high" }, "value: must be a number or a numeric string"],
    ["a boolean value", { value: true }, "value: must be a number or a numeric string"],
    ["an infinite value", { value: Number.POSITIVE_INFINITY }, "value: must be a finite number"],
    ["a numeric string that overflows", { value: "1e999" }, "value: must be a finite number"],
    ["NaN", { value: Number.NaN }, "value: must be a finite number"],
    ["a percentage below 0", { value: -0.5 }, "value: percentage -0.5 is outside 0-100"],
    ["a percentage above 100", { value: 100.1 }, "value: percentage 100.1 is outside 0-100"],
    [
      "an unknown metric type",
      { metric_type: "gpu" },
      "metric_type: must be one of cpu, memory, disk, network",
    ],
    [
      "a timestamp with an offset",
      { timestamp: "2026-02-20T07:57:00+02:00" },
      "timestamp: must be an ISO-8601 UTC timestamp ending in Z",
    ],
    [
      "a date-only timestamp",
      { timestamp: "2026-02-20" },
      "timestamp: must be an ISO-8601 UTC timestamp ending in Z",
    ],
    ["a missing instance id", { instance_id: undefined }, "instance_id: is required"],
    ["an empty instance id", { instance_id: "" }, "instance_id: is required"],
    ["a missing region", { region: undefined }, "region: is required"],
    ["an unknown unit", { unit: "furlongs" }, 'unit: "furlongs" is not a CloudWatch unit name'],
  ];
  for (const [what, change, error] of rejected) {
    it(`rejects ${what}, naming the field`, () => {
      expect(errorsOf(validateMetricRecord({ ...seedRecord, ...change }))).to.deep.equal([error]);
    });
  }

  it("reports every problem of a record at once", () => {
    const errors = errorsOf(
      validateMetricRecord({ ...seedRecord, metric_type: "gpu", value: "x", region: "" }),
    );
    expect(errors.map((e) => e.split(":")[0])).to.have.members(["metric_type", "value", "region"]);
  });

  it("does not apply the percentage range to other units", () => {
    expect(
      validateMetricRecord({ ...seedRecord, metric_type: "network", value: 5e9, unit: "Bytes" }).ok,
    ).to.equal(true);
  });
});
