import type { Thresholds } from "../../contract/thresholds";
import { HOT_TABLE_KEYS } from "../../contract/hot-table";
import { ChildNames } from "../shared/naming";
import { resolveThresholds } from "../shared/threshold-args";
import type { AlertingStackArgs } from "./args";
import { ALERTING_STACK_DEFAULTS as D } from "../../contract/defaults/alerting-stack";
import { runIntervalSeconds } from "./timing";

/** AlertingStack's args with every default applied once: what the constructor wires. */
export interface ResolvedAlertingStack {
  readonly names: ChildNames;
  readonly tags: Record<string, string>;
  readonly actionsEnabled: boolean;
  readonly intervalSeconds: number;
  readonly tableIndexName: string;
  readonly metricSource: string;
  readonly fastAlerts: boolean;
  readonly thresholds: Thresholds;
  readonly lambdaDurationThresholdMs: number;
  /** The cloudwatch source publishes no InfraMonitoring host series to alarm on. */
  readonly hostMetricAlarms: boolean;
  readonly sourcePeriodSeconds: number;
  /** The agent configuration: the cloudwatch source and the fast alerts read what it sends. */
  readonly agentConfigParameter: boolean;
  readonly keyRotation: boolean;
  readonly keyDeletionWindowDays: number;
}

/** Merges the defaults into the args: secure defaults, then the caller's choices. */
export function resolveAlertingStack(name: string, args: AlertingStackArgs): ResolvedAlertingStack {
  const metricSource = args.metricSource ?? D.metricSource;
  const fastAlerts = args.fastAlerts ?? D.fastAlerts;
  return {
    names: new ChildNames(name),
    tags: args.tags ?? {},
    actionsEnabled: args.actionsEnabled ?? D.actionsEnabled,
    intervalSeconds: runIntervalSeconds(args.schedule, args.scheduleIntervalSeconds),
    tableIndexName: args.tableIndexName ?? HOT_TABLE_KEYS.metricTypeIndex,
    metricSource,
    fastAlerts,
    thresholds: resolveThresholds(args.thresholds),
    lambdaDurationThresholdMs: args.lambdaDurationThresholdMs ?? D.lambdaDurationThresholdMs,
    hostMetricAlarms: args.hostMetricAlarms ?? metricSource !== "cloudwatch",
    sourcePeriodSeconds: args.sourcePeriodSeconds ?? D.sourcePeriodSeconds,
    agentConfigParameter:
      args.agentConfigParameter ?? (metricSource === "cloudwatch" || fastAlerts),
    keyRotation: args.keyRotation ?? D.keyRotation,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? D.keyDeletionWindowDays,
  };
}
