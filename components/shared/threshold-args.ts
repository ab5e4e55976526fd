import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_THRESHOLDS, type Thresholds } from "../../contract/thresholds";

/**
 * Alert thresholds, in percent; each one absent takes its default. Each may be an Output
 * (another stack's, or a secret): the object itself is plain, so which thresholds are given,
 * and with them every alarm, is known when the program runs; only the number waits.
 */
export interface ThresholdArgs {
  /** CPU utilization above which a host alerts. @default 80 */
  readonly cpu?: pulumi.Input<number>;
  /** Memory utilization above which a host alerts. @default 90 */
  readonly memory?: pulumi.Input<number>;
  /** Disk utilization above which a host alerts. @default 85 */
  readonly disk?: pulumi.Input<number>;
  /** Share of a service's log lines at ERROR or FATAL above which it alerts. @default 5 */
  readonly errorRate?: pulumi.Input<number>;
}

/** Every threshold, a default or the caller's: a number, or an Output checked when it resolves. */
export type ThresholdInputs = { readonly [K in keyof Thresholds]: pulumi.Input<number> };

export const THRESHOLD_KEYS = Object.freeze(
  Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[],
);

/** The thresholds with every default applied (no Output among them: checked already). */
export function resolveThresholds(args: ThresholdArgs | undefined): ThresholdInputs {
  const given = Object.fromEntries(
    Object.entries(args ?? {}).filter(([, v]) => v !== undefined),
  ) as Partial<ThresholdInputs>;
  return { ...DEFAULT_THRESHOLDS, ...given };
}

/** The thresholds as numbers when every one is known now, else undefined. */
export function knownThresholds(thresholds: ThresholdInputs): Thresholds | undefined {
  const values = Object.values(thresholds);
  return values.every((v) => typeof v === "number") ? (thresholds as Thresholds) : undefined;
}

/** All thresholds as numbers, when the last of them resolves. */
export function allThresholds(thresholds: ThresholdInputs): pulumi.Output<Thresholds> {
  return pulumi.all(thresholds) as unknown as pulumi.Output<Thresholds>;
}

/** Text that shows a threshold: a string when it is known, else an Output (secret with it). */
export function withThreshold(
  threshold: pulumi.Input<number>,
  text: (value: number) => string,
): pulumi.Input<string> {
  return typeof threshold === "number" ? text(threshold) : pulumi.output(threshold).apply(text);
}
