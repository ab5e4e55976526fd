import { HOT_TABLE_KEYS } from "../../contract/hot-table";
import { ChildNames } from "../shared/naming";
import { checkedTags, type ResolvedTags } from "../shared/tags";
import type { ThresholdInputs } from "../shared/threshold-args";
import { checkedThresholds } from "../shared/threshold-check";
import { checkSite } from "../shared/validation";
import type { AlertingStackArgs } from "./args";
import { ALERTING_STACK_DEFAULTS as D } from "../../contract/defaults/alerting-stack";
import { runIntervalSeconds } from "./timing";

/** AlertingStack's args with every default applied once: what the constructor wires. */
export interface ResolvedAlertingStack {
  readonly names: ChildNames;
  /** Known tags as given; an Output's checked when it resolves. */
  readonly tags: ResolvedTags;
  readonly actionsEnabled: boolean;
  readonly intervalSeconds: number;
  readonly tableIndexName: string;
  readonly metricSource: string;
  readonly fastAlerts: boolean;
  /** Each a number, or an Output checked when it resolves. */
  readonly thresholds: ThresholdInputs;
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
  const site = checkSite(args, "AlertingStack", name);
  return {
    names: new ChildNames(name),
    tags: checkedTags(site, args.tags),
    actionsEnabled: args.actionsEnabled ?? D.actionsEnabled,
    intervalSeconds: runIntervalSeconds(args.schedule, args.scheduleIntervalSeconds),
    tableIndexName: args.tableIndexName ?? HOT_TABLE_KEYS.metricTypeIndex,
    metricSource,
    fastAlerts,
    thresholds: checkedThresholds(site, args.thresholds),
    lambdaDurationThresholdMs: args.lambdaDurationThresholdMs ?? D.lambdaDurationThresholdMs,
    hostMetricAlarms: args.hostMetricAlarms ?? metricSource !== "cloudwatch",
    sourcePeriodSeconds: args.sourcePeriodSeconds ?? D.sourcePeriodSeconds,
    agentConfigParameter:
      args.agentConfigParameter ?? (metricSource === "cloudwatch" || fastAlerts),
    keyRotation: args.keyRotation ?? D.keyRotation,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? D.keyDeletionWindowDays,
  };
}
