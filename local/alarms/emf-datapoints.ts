import { existsSync, readFileSync } from "node:fs";

/** One value of one metric in one dimension set, as CloudWatch extracts it from an EMF document. */
export interface Datum {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly value: number;
}

interface EmfDirective {
  readonly Namespace?: unknown;
  readonly Dimensions?: unknown;
  readonly Metrics?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The data points of one EMF document: every metric of every directive, once per dimension
 * set (CloudWatch's extraction rules). A value may be a number or an array of numbers.
 * Anything that is not EMF yields nothing, as CloudWatch Logs would extract nothing.
 */
export function emfDatapoints(doc: unknown): Datum[] {
  if (!isRecord(doc) || !isRecord(doc._aws)) return [];
  const { Timestamp, CloudWatchMetrics } = doc._aws;
  if (typeof Timestamp !== "number" || !Array.isArray(CloudWatchMetrics)) return [];
  const out: Datum[] = [];
  for (const directive of CloudWatchMetrics as EmfDirective[]) {
    if (typeof directive.Namespace !== "string") continue;
    const sets = Array.isArray(directive.Dimensions) ? (directive.Dimensions as unknown[]) : [];
    const metrics = Array.isArray(directive.Metrics) ? (directive.Metrics as unknown[]) : [];
    for (const set of sets) {
      if (!Array.isArray(set)) continue;
      const dimensions: Record<string, string> = {};
      for (const name of set) {
        if (typeof name === "string" && typeof doc[name] === "string") dimensions[name] = doc[name];
      }
      if (Object.keys(dimensions).length !== set.length) continue;
      for (const metric of metrics) {
        const name = isRecord(metric) ? metric.Name : undefined;
        if (typeof name !== "string") continue;
        const raw = doc[name];
        const values = Array.isArray(raw) ? raw : [raw];
        for (const value of values) {
          if (typeof value !== "number" || !Number.isFinite(value)) continue;
          out.push({
            namespace: directive.Namespace,
            metricName: name,
            dimensions,
            timestamp: Timestamp,
            value,
          });
        }
      }
    }
  }
  return out;
}

/** Every data point in an EMF JSON Lines file; a torn or non-JSON line is skipped. */
export function readEmfFile(file: string): Datum[] {
  if (!existsSync(file)) return [];
  const out: Datum[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      out.push(...emfDatapoints(JSON.parse(line)));
    } catch {
      // A line being written as the file is read, or not JSON at all.
    }
  }
  return out;
}

/** Whether a data point is of this metric with exactly these dimensions (CloudWatch matches all of them). */
export function sameMetric(
  d: Datum,
  namespace: string,
  metricName: string,
  dimensions: Readonly<Record<string, string>>,
): boolean {
  const keys = Object.keys(dimensions);
  return (
    d.namespace === namespace &&
    d.metricName === metricName &&
    Object.keys(d.dimensions).length === keys.length &&
    keys.every((k) => d.dimensions[k] === dimensions[k])
  );
}
