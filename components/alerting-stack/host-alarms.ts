/**
 * The alarms on the pipeline's own InfraMonitoring metrics: the host and error-rate thresholds
 * (from THRESHOLD_RULES, as the processor's) and quarantined input lines. They are about the
 * fleet and its services, so the composite pipeline-health alarm leaves them out.
 */
import { DIMENSIONS, METRICS_NAMESPACE, PIPELINE_METRICS } from "../../contract/emitted-metrics";
import { THRESHOLD_RULES, type ThresholdRule, type Thresholds } from "../../contract/thresholds";
import { withThreshold } from "../shared/threshold-args";
import { CONDITIONS, describe } from "./alarm-conditions";
import type { AlarmSpec, AlarmSpecInput } from "./alarm-spec";
import { perRunTiming } from "./timing";

const HOST_TEXT: Readonly<Partial<Record<keyof Thresholds, { label: string; action: string }>>> = {
  cpu: {
    label: "CPU",
    action: "Find the instance on the dashboard; check its top processes, then scale or fix.",
  },
  memory: {
    label: "memory",
    action: "Find the instance on the dashboard; look for a leak or resize the instance.",
  },
  disk: {
    label: "disk",
    action: "Find the instance on the dashboard; free space or grow the volume.",
  },
};

/** The fleet-wide series: the alarms need no list of instances. */
const fleetWide = (input: AlarmSpecInput) => ({ [DIMENSIONS.environment]: input.environment });

/** The worst service's share of error log lines over its threshold in one run. */
function errorRateAlarm(rule: ThresholdRule, input: AlarmSpecInput): AlarmSpec {
  const threshold = input.thresholds[rule.threshold];
  return {
    key: "high-error-rate",
    pipeline: false,
    namespace: METRICS_NAMESPACE,
    metricName: rule.metricName,
    dimensions: fleetWide(input),
    statistic: "Maximum",
    comparisonOperator: "GreaterThanThreshold",
    threshold,
    timing: perRunTiming(input.intervalSeconds, 1),
    // No raw-logs/ object, no error rate: nothing is wrong.
    treatMissingData: "notBreaching",
    description: withThreshold(threshold, (t) =>
      describe(
        `The worst service's share of ERROR/FATAL log lines in ${input.environment} is above ${t} %.`,
        "Query the lake's raw-logs/ for the service with the highest rate; fix or roll back that service.",
        "error-rate",
      ),
    ),
  };
}

/** An instance over a host threshold in consecutive collections. */
function hostAlarm(rule: ThresholdRule, input: AlarmSpecInput): AlarmSpec {
  const threshold = input.thresholds[rule.threshold];
  const text = HOST_TEXT[rule.threshold] ?? {
    label: rule.metricName,
    action: "Find the instance on the dashboard.",
  };
  return {
    key: `high-${rule.threshold}`,
    pipeline: false,
    namespace: METRICS_NAMESPACE,
    metricName: rule.metricName,
    dimensions: fleetWide(input),
    statistic: "Maximum",
    comparisonOperator: "GreaterThanThreshold",
    threshold,
    timing: perRunTiming(input.intervalSeconds, input.hostThresholdRuns),
    // A run without data leaves the alarm undecided; the heartbeat reports missed runs.
    treatMissingData: "missing",
    description: withThreshold(threshold, (t) =>
      describe(
        `An instance in ${input.environment} had ${text.label} above ${t} % in ${input.hostThresholdRuns} consecutive collections.`,
        text.action,
        `high-${rule.threshold}`,
      ),
    ),
  };
}

/** One alarm per threshold rule, in the rules' order; host ones only when hosts are watched. */
export function thresholdAlarms(input: AlarmSpecInput): AlarmSpec[] {
  return THRESHOLD_RULES.flatMap((rule) => {
    if (rule.metricType === "log") return [errorRateAlarm(rule, input)];
    return input.hostMetricAlarms ? [hostAlarm(rule, input)] : [];
  });
}

/** Lines the log-processor could not validate, on any occurrence in a run. */
export function quarantinedLinesAlarm(input: AlarmSpecInput): AlarmSpec {
  return {
    key: "quarantined-lines",
    pipeline: false,
    namespace: METRICS_NAMESPACE,
    metricName: PIPELINE_METRICS.quarantinedLines,
    dimensions: fleetWide(input),
    ...CONDITIONS.any(input),
    description: describe(
      "The log-processor quarantined input lines it could not validate.",
      "Read quarantine/ in the lake: each line carries its reason; fix the producer and replay.",
      "quarantined-lines",
    ),
  };
}
