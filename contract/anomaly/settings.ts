import { HOST_METRICS } from "../emitted-metrics";
import { DEFAULT_PARAMS } from "./params";

/** Partition prefix of the detector's state items in the hot table (the IAM policy names it). */
export const ANOMALY_PK_PREFIX = "ANOMALY#";

/** The metrics a stack may watch: those the collector produces. */
export const ANOMALY_METRIC_NAMES: readonly string[] = Object.freeze(
  HOST_METRICS.map((m) => m.name),
);

/** The processor's anomaly settings, as the stack config gives them. */
export interface AnomalySettings {
  /** The score at or above which a point alerts (and the detector holds its episode). */
  readonly sensitivity: number;
  /** Metric names whose series are scored. */
  readonly metrics: readonly string[];
}

/**
 * Off until a stack turns it on: it adds a read and a write per series per object and a new
 * kind of page. The sensitivity is the detector's NAB-chosen alert level.
 */
export const ANOMALY_DEFAULTS = Object.freeze({
  enabled: false,
  sensitivity: DEFAULT_PARAMS.alertLevel,
  metrics: Object.freeze(["cpu_utilization", "memory_utilization", "disk_utilization"]),
});

/** Why a sensitivity or a metric list is refused, or undefined. */
export function anomalySettingsProblem(s: AnomalySettings): string | undefined {
  if (!(s.sensitivity > 0 && s.sensitivity <= 1)) {
    return `sensitivity ${s.sensitivity} must be in (0, 1]`;
  }
  if (s.metrics.length === 0) return "metrics must name at least one metric";
  const unknown = s.metrics.filter((m) => !ANOMALY_METRIC_NAMES.includes(m));
  if (unknown.length > 0) {
    return `unknown metric(s) ${unknown.join(", ")}: use ${ANOMALY_METRIC_NAMES.join(", ")}`;
  }
  return undefined;
}

/** The processor's variable: `<sensitivity>:<metric>,<metric>` (a few dozen bytes of the 4 KB). */
export function encodeAnomalySettings(s: AnomalySettings): string {
  return `${s.sensitivity}:${s.metrics.join(",")}`;
}

/** Reads `encodeAnomalySettings`' string; throws naming what is wrong. */
export function decodeAnomalySettings(text: string): AnomalySettings {
  const at = text.indexOf(":");
  const sensitivity = at > 0 ? Number(text.slice(0, at)) : NaN;
  const metrics = text
    .slice(at + 1)
    .split(",")
    .map((m) => m.trim())
    .filter(Boolean);
  const settings = { sensitivity, metrics };
  const problem = at > 0 ? anomalySettingsProblem(settings) : "expected <sensitivity>:<metrics>";
  if (problem) throw new Error(problem);
  return settings;
}
