import { DEFAULT_THRESHOLDS, type Thresholds } from "../../contract/thresholds";

/** Alert thresholds, in percent; each one absent takes its default. */
export interface ThresholdArgs {
  /** CPU utilization above which a host alerts. @default 80 */
  readonly cpu?: number;
  /** Memory utilization above which a host alerts. @default 90 */
  readonly memory?: number;
  /** Disk utilization above which a host alerts. @default 85 */
  readonly disk?: number;
  /** Share of a service's log lines at ERROR or FATAL above which it alerts. @default 5 */
  readonly errorRate?: number;
}

/** The thresholds with every default applied. */
export function resolveThresholds(args: ThresholdArgs | undefined): Thresholds {
  return { ...DEFAULT_THRESHOLDS, ...args };
}
