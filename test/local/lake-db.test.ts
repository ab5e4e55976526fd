import { PutObjectCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { metricObjectKey, quarantineKey } from "../../contract/lake";
import { localNamedQueries, queryLake } from "../../local/lake-db";
import { type LocalServers, startLocalServers } from "../../local/servers";

const NOW = new Date();
const HOUR_AGO = new Date(NOW.getTime() - 3_600_000);

function line(instance: string, value: number, at: Date) {
  return JSON.stringify({
    timestamp: at.toISOString(),
    instance_id: instance,
    region: "eu-west-1",
    metric_type: "cpu",
    metric_name: "cpu_utilization",
    value,
    unit: "Percent",
    metadata: { collection_method: "host", pipeline_version: "1.0" },
  });
}

describe("named queries over the local lake as s3rver stores it", () => {
  let dir: string;
  let servers: LocalServers;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "lake-db-"));
    servers = await startLocalServers({ s3Directory: dir });
    await servers.createBucket("lake");
    const put = (key: string, lines: string[]) =>
      servers.s3.send(
        new PutObjectCommand({ Bucket: "lake", Key: key, Body: `${lines.join("\n")}\n` }),
      );
    const first = metricObjectKey(HOUR_AGO, "cpu", "run-1");
    await put(first, [line("vm", 40, HOUR_AGO), line("other", 10, HOUR_AGO)]);
    // A damaged line does not stop the query (Athena's SerDe reads it as nulls).
    await put(metricObjectKey(NOW, "cpu", "run-2"), [line("vm", 60, NOW), '{"timestamp": "2025-']);
    // Keyed by the UTC hour the line was quarantined; the layout before that is not read.
    const bad = (key: string) =>
      put(key, [
        JSON.stringify({
          source_key: first,
          line_number: 3,
          raw_line: '{"value":"high"}',
          reason: "value: must be a number or a numeric string",
          quarantined_at: NOW.toISOString(),
        }),
      ]);
    await bad(quarantineKey(first, NOW));
    await bad(`quarantine/${first}.errors.jsonl`);
    await bad("quarantine/raw-logs/app/no-partitions.log.errors.jsonl");
  });
  after(async () => {
    await servers.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const named = (lake: string, name: string) =>
    queryLake(lake, localNamedQueries().find((q) => q.name === name)?.sql ?? "");

  it("runs avg-cpu-by-instance unchanged: one row per instance, partitions read from the keys", async () => {
    const result = await named(path.join(dir, "lake"), "avg-cpu-by-instance");
    expect(result.columns).to.deep.equal([
      "instance_id",
      "avg_cpu",
      "max_cpu",
      "min_cpu",
      "samples",
    ]);
    expect(result.rows).to.deep.equal([
      ["vm", 50, 60, 40, "2"],
      ["other", 10, 10, 10, "1"],
    ]);
  });

  it("reads the quarantine table by the hour lines were quarantined, other layouts left out", async () => {
    const result = await named(path.join(dir, "lake"), "quarantined-lines-by-reason");
    expect(result.rows.map((r) => r.slice(0, 4))).to.deep.equal([
      ["raw-metrics", "value: must be a number or a numeric string", "1", "1"],
    ]);
  });

  it("takes any SQL over the Glue table names, month partitions as integers", async () => {
    const result = await queryLake(
      path.join(dir, "lake"),
      'SELECT DISTINCT typeof(month) AS t FROM "monitoring_local"."metrics"',
    );
    expect(result.rows).to.deep.equal([["INTEGER"]]);
  });

  it("an empty lake gives every named query its columns and no rows", async () => {
    for (const q of localNamedQueries()) {
      const result = await named(path.join(dir, "no-such-bucket"), q.name);
      expect(result.rows, q.name).to.deep.equal([]);
      expect(result.columns.length, q.name).to.be.greaterThan(1);
    }
  });
});
