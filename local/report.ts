import path from "node:path";
import type { ObjectSummary } from "../functions/log-processor/processor";
import type { LocalPaths } from "./layout";
import type { Notification } from "./notifications";
import type { CycleReport } from "./pipeline";
import { formatTable } from "./table";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const total = (objects: readonly ObjectSummary[], field: "lines" | "quarantined" | "violations") =>
  objects.reduce((n, o) => n + o[field], 0);

/** A path under the working directory as the user typed it, others in full. */
export function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith("..") ? rel : p;
}

/** Shown as an SNS message is published, while the cycle runs: its subject, then up to three lines after the message's first. */
export function formatNotification(n: Notification): string {
  const detail = n.message.split("\n").slice(1, 4).join("\n      ");
  return `  SNS ${n.publisher}: ${n.subject}${detail ? `\n      ${detail}` : ""}`;
}

export function formatCycle(r: CycleReport): string {
  const branches = formatTable(
    ["branch", "status", "records", "objects", "first s3 key"],
    r.branches.map((b) => [
      b.metric_type,
      b.status,
      b.records,
      b.s3_keys.length,
      b.error ?? b.s3_keys[0] ?? "",
    ]),
    { indent: "  ", rowCount: false },
  );
  const out = [
    `  ${r.status} in ${seconds(r.durationMs)}, window ${r.window.start.toISOString()} .. ${r.window.end.toISOString()}`,
    branches,
    `  processor: ${plural(r.objects.length, "object")}, ${plural(total(r.objects, "lines"), "line")}, ` +
      `${total(r.objects, "quarantined")} quarantined, ${plural(total(r.objects, "violations"), "violation")}`,
    `  collection to alert: ${r.collectionToAlertMs === undefined ? "no alert" : `${r.collectionToAlertMs} ms`}`,
    `  hot table: ${plural(r.hotTableItems, "metric item")}`,
  ];
  for (const e of r.processorErrors) out.push(`  processor error: ${e}`);
  return out.join("\n");
}

/** `embedded`: the lake and the table are in the data directory (not at an endpoint). */
export function formatSummary(
  reports: readonly CycleReport[],
  paths: LocalPaths,
  embedded: boolean,
): string {
  const sum = (f: (r: CycleReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const objects = sum((r) => r.objects.length);
  const records = sum((r) => r.branches.reduce((n, b) => n + b.records, 0));
  const violations = sum((r) => total(r.objects, "violations"));
  const quarantined = sum((r) => total(r.objects, "quarantined"));
  const failedBranches = sum((r) => r.branches.filter((b) => b.status === "failed").length);
  const alertTimes = reports.flatMap((r) =>
    r.collectionToAlertMs === undefined ? [] : [r.collectionToAlertMs],
  );
  const last = reports.at(-1);
  const lines = [
    `summary: ${plural(reports.length, "cycle")}, ${plural(objects, "object")} processed, ` +
      `${plural(records, "record")}, ${plural(violations, "violation")}, ${quarantined} quarantined lines, ` +
      `${failedBranches} failed branches`,
  ];
  if (alertTimes.length > 0) {
    const sorted = [...alertTimes].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    lines.push(
      `  collection to alert: median ${median} ms (min ${sorted[0]}, max ${sorted.at(-1)})`,
    );
  }
  lines.push(`  hot table: ${plural(last?.hotTableItems ?? 0, "metric item")}`);
  const stores = embedded ? "s3/ (the lake), dynamodb/ (the hot table), " : "";
  lines.push(
    `  kept in ${shown(paths.root)}: ${stores}notifications.jsonl, metrics.jsonl (EMF), logs.jsonl`,
  );
  return lines.join("\n");
}
