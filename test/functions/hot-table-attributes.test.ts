import { marshall } from "@aws-sdk/util-dynamodb";
import { expect } from "chai";
import { ingestContext } from "../../contract/hot-table";
import { hotTableAttributes } from "../../functions/shared/hot-table-attributes";
import type { MetricRecord } from "../../contract/metric-record";

const RECORD_MS = Date.parse("2025-03-01T10:00:00Z");
const ctx = ingestContext("raw-metrics/x/cpu.jsonl", new Date("2025-03-01T10:05:00.400Z"), 7);

function record(metadata: MetricRecord["metadata"], value = 42.5): MetricRecord {
  return {
    timestamp: "2025-03-01T10:00:00.000Z",
    instance_id: "i-bbb",
    region: "eu-west-1",
    metric_type: "cpu",
    metric_name: "cpu_utilization",
    value,
    unit: "Percent",
    metadata,
  };
}

describe("hot-table items in DynamoDB's wire format", () => {
  it("spells every attribute of the item, keys and enrichment included", () => {
    const meta = { collection_method: "cloudwatch", pipeline_version: "1.0" };
    expect(hotTableAttributes(record(meta), RECORD_MS, 2, ctx)).to.deep.equal({
      timestamp: { S: "2025-03-01T10:00:00.000Z" },
      instance_id: { S: "i-bbb" },
      region: { S: "eu-west-1" },
      metric_type: { S: "cpu" },
      metric_name: { S: "cpu_utilization" },
      value: { N: "42.5" },
      unit: { S: "Percent" },
      metadata: { M: { collection_method: { S: "cloudwatch" }, pipeline_version: { S: "1.0" } } },
      pk: { S: "INSTANCE#i-bbb" },
      sk: { S: "2025-03-01T10:00:00.000Z#cpu#cpu_utilization" },
      gsi1pk: { S: "METRIC#cpu#11" }, // FNV-1a("i-bbb") = 0x3a64d88b, mod 128
      gsi1sk: { S: "2025-03-01T10:00:00.000Z#i-bbb#cpu_utilization" },
      expires_at: { N: "1741428000" }, // 2025-03-08T10:00:00Z
      ingested_at: { S: "2025-03-01T10:05:00.400Z" },
      source_key: { S: "raw-metrics/x/cpu.jsonl" },
      source_line: { N: "2" },
      ingest_lag_seconds: { N: "300" },
    });
  });

  it("writes what the document client's marshaller wrote for the same item", () => {
    const meta = { collection_method: "synthetic", pipeline_version: "1.0", synthetic: true };
    // The item the processor handed the document client before it wrote wire items itself.
    const plain = {
      timestamp: "2025-03-01T10:00:00.000Z",
      instance_id: "i-bbb",
      region: "eu-west-1",
      metric_type: "cpu",
      metric_name: "cpu_utilization",
      value: 1e-7,
      unit: "Percent",
      metadata: meta,
      pk: "INSTANCE#i-bbb",
      sk: "2025-03-01T10:00:00.000Z#cpu#cpu_utilization",
      gsi1pk: "METRIC#cpu#11",
      gsi1sk: "2025-03-01T10:00:00.000Z#i-bbb#cpu_utilization",
      expires_at: 1741428000,
      ingested_at: "2025-03-01T10:05:00.400Z",
      source_key: "raw-metrics/x/cpu.jsonl",
      source_line: 7,
      ingest_lag_seconds: 300,
    };
    const wire = hotTableAttributes(record(meta, 1e-7), RECORD_MS, 7, ctx);
    expect(wire).to.deep.equal(marshall(plain));
    expect(wire.metadata).to.deep.equal({
      M: {
        collection_method: { S: "synthetic" },
        pipeline_version: { S: "1.0" },
        synthetic: { BOOL: true },
      },
    });
  });
});
