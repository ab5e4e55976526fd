import {
  ANOMALY_DEFAULTS,
  type AnomalySettings,
  anomalySettingsProblem,
  encodeAnomalySettings,
} from "../../contract/anomaly/settings";

/** The processor's streaming anomaly detection (docs/anomaly-detection.md). */
export interface AnomalyDetectionArgs {
  /** Score each watched series and alert on anomalies. @default false */
  readonly enabled?: boolean;
  /** The score (0 < s <= 1) at or above which a point alerts; higher alerts less. @default 0.45 */
  readonly sensitivity?: number;
  /** Metric names scored, among the collector's. @default ["cpu_utilization", "memory_utilization", "disk_utilization"] */
  readonly metrics?: string[];
}

/** The settings with every default applied, or undefined when detection is off. */
export function resolveAnomalyDetection(
  args: AnomalyDetectionArgs | undefined,
): AnomalySettings | undefined {
  if (!(args?.enabled ?? ANOMALY_DEFAULTS.enabled)) return undefined;
  return {
    sensitivity: args?.sensitivity ?? ANOMALY_DEFAULTS.sensitivity,
    metrics: args?.metrics ?? ANOMALY_DEFAULTS.metrics,
  };
}

/** What is wrong with the args, named by key (checked whether enabled or not). */
export function anomalyDetectionProblems(args: AnomalyDetectionArgs | undefined): string[] {
  const problem = anomalySettingsProblem({
    sensitivity: args?.sensitivity ?? ANOMALY_DEFAULTS.sensitivity,
    metrics: args?.metrics ?? ANOMALY_DEFAULTS.metrics,
  });
  return problem ? [`anomalyDetection: ${problem}`] : [];
}

/** The processor's ANOMALY_DETECTION value, or undefined (the variable is then not set). */
export function anomalyDetectionVariable(args: AnomalyDetectionArgs | undefined) {
  const settings = resolveAnomalyDetection(args);
  return settings ? encodeAnomalySettings(settings) : undefined;
}
