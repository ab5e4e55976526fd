import { expect } from "chai";
import type { ObjectSummary } from "../../functions/log-processor/processor";
import { localPaths } from "../../local/layout";
import type { CycleReport } from "../../local/pipeline";
import { formatCycle, formatSummary } from "../../local/report";

const object = (violations: number, quarantined = 0): ObjectSummary => ({
  bucket: "lake",
  key: "raw-metrics/k.jsonl",
  kind: "metrics",
  lines: 2,
  processed: 2 - quarantined,
  coerced: 0,
  quarantined,
  quarantine_key: null,
  violations,
});

function cycle(n: number, alertMs: number | undefined, items: number): CycleReport {
  return {
    cycle: n,
    execution: `local-${n}`,
    status: "succeeded",
    startedAt: new Date(0),
    window: { start: new Date(0), end: new Date(300_000) },
    durationMs: 1234,
    branches: [
      {
        metric_type: "cpu",
        status: "succeeded",
        records: 1,
        s3_keys: ["raw-metrics/cpu.jsonl", "raw-metrics/cpu-2.jsonl"],
      },
      {
        metric_type: "disk",
        status: "failed",
        records: 0,
        s3_keys: [],
        error: "Denied: no",
      },
    ],
    objects: [object(alertMs === undefined ? 0 : 1, n)],
    processorErrors: [],
    alerts: [],
    ...(alertMs === undefined ? {} : { collectionToAlertMs: alertMs }),
    hotTableItems: items,
  };
}

describe("local run report", () => {
  it("a cycle: status, one row per branch (an error in place of a key), processor totals", () => {
    const text = formatCycle(cycle(1, 312, 7));
    expect(text.split("\n")).to.deep.equal([
      "  succeeded in 1.2 s, window 1970-01-01T00:00:00.000Z .. 1970-01-01T00:05:00.000Z",
      "  branch  status     records  objects  first s3 key",
      "  ------  ---------  -------  -------  ---------------------",
      "  cpu     succeeded        1        2  raw-metrics/cpu.jsonl",
      "  disk    failed           0        0  Denied: no",
      "  processor: 1 object, 2 lines, 1 quarantined, 1 violation",
      "  collection to alert: 312 ms",
      "  hot table: 7 metric items",
    ]);
    expect(formatCycle(cycle(2, undefined, 7))).to.contain("collection to alert: no alert");
  });

  it("the summary adds the cycles up and gives the median collection-to-alert time", () => {
    const text = formatSummary(
      [cycle(1, 300, 7), cycle(2, undefined, 14), cycle(3, 100, 21), cycle(4, 200, 28)],
      localPaths("/data"),
      true,
    );
    expect(text.split("\n")).to.deep.equal([
      "summary: 4 cycles, 4 objects processed, 4 records, 3 violations, 10 quarantined lines, 4 failed branches",
      "  collection to alert: median 200 ms (min 100, max 300)",
      "  hot table: 28 metric items",
      "  kept in /data: s3/ (the lake), dynamodb/ (the hot table), notifications.jsonl, metrics.jsonl (EMF), logs.jsonl",
    ]);
  });
});
