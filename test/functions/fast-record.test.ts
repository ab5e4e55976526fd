import { expect } from "chai";
import { fastRecordTime } from "../../functions/log-processor/fast-record";
import { parseMetricLine } from "../../functions/log-processor/metric-lines";
import { metricRecordSchema } from "../../contract/metric-record";
import { generateMetricLines } from "../../bench/generate";
import { metricLine } from "./fixtures";

/** Variations around the canonical line: each either stays valid or breaks one rule. */
const VARIANTS: Record<string, unknown>[] = [
  {},
  { metadata: { collection_method: "synthetic", pipeline_version: "1.0", synthetic: true } },
  { metadata: { collection_method: "x", pipeline_version: "1.0", extra: 1 } },
  { metadata: { collection_method: "", pipeline_version: "1.0" } },
  { metadata: { collection_method: "x", pipeline_version: "1.0", synthetic: "yes" } },
  { timestamp: "2025-02-29T10:00:00Z" },
  { timestamp: "2024-02-29T10:00:00.123456Z" },
  { timestamp: "2025-03-01T10:00:00+01:00" },
  { timestamp: "2025-13-01T10:00:00Z" },
  { timestamp: "2025-03-01 10:00:00Z" },
  { region: "eu-west-1a" },
  { region: "us-gov-west-1" },
  { metric_type: "gpu" },
  { metric_name: "9lives" },
  { metric_name: "x".repeat(129) },
  { metric_name: undefined },
  { value: 100 },
  { value: 100.0001 },
  { value: -0.5 },
  { value: "42" },
  { value: " 7.5 " },
  { value: "1e999" },
  { value: "0x10" },
  { value: "abc" },
  { metric_name: "queue_depth", unit: "Count", value: "-1e-131" },
  { value: null },
  { unit: "percent" },
  { metric_type: "network", metric_name: "network_in", unit: "Bytes", value: 1e12 },
  { unit: "Furlongs" },
  { instance_id: "" },
  { extra_field: "kept out" },
  { unit: "Count", value: 50 },
  { metric_type: "disk" },
  { metric_name: "queue_depth", unit: "Count", value: 2 ** 53 },
  { metric_name: "queue_depth", unit: "Count", value: 1e-131 },
  { metric_name: "queue_depth", unit: "Count", value: -(2 ** 53 - 1) },
  { instance_id: "i".repeat(170) },
  { instance_id: "i".repeat(513) },
  { instance_id: "é".repeat(257) },
  { region: `eu-${"west-".repeat(10)}1` },
  { metadata: { collection_method: "x".repeat(129), pipeline_version: "1.0" } },
];

describe("fast path for canonical metric lines", () => {
  for (const [i, overrides] of VARIANTS.entries()) {
    it(`agrees with metricRecordSchema on variant ${i}: ${JSON.stringify(overrides)}`, () => {
      const json = JSON.parse(metricLine(overrides)) as Record<string, unknown>;
      const zod = metricRecordSchema.safeParse(structuredClone(json));
      const timeMs = fastRecordTime(json);
      // The fast path may decline anything; what it accepts, the schema accepts identically,
      // and its time is Date.parse's.
      if (!Number.isNaN(timeMs)) {
        expect(zod.success, "schema rejects what the fast path accepted").to.equal(true);
        expect(json).to.deep.equal(zod.data);
        expect(timeMs).to.equal(Date.parse(zod.data?.timestamp ?? ""));
      }
    });
  }

  it("takes the fast path for the canonical shape, so the benchmark measures it", () => {
    const accepted = VARIANTS.flatMap((o, i) =>
      Number.isNaN(fastRecordTime(JSON.parse(metricLine(o)) as Record<string, unknown>)) ? [] : [i],
    );
    expect(accepted).to.deep.equal([0, 1, 11, 16, 19, 20, 27, 35, 36]);
  });

  it("gives the same records as the schema for a generated object", () => {
    for (const line of generateMetricLines(2_000)) {
      const viaProcessor = parseMetricLine(line);
      const viaSchema = metricRecordSchema.parse(JSON.parse(line));
      expect(viaProcessor).to.deep.include({ ok: true, record: viaSchema });
    }
  });
});
