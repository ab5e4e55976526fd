import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { AlarmSpec } from "../../components/alerting-stack";
import { LOCAL_STACK, type LocalPaths } from "../layout";
import type { NotificationLog } from "../notifications";
import { cycleStarts, cyclesPerPeriod, periodValues } from "./cycles";
import { readEmfFile, sameMetric } from "./emf-datapoints";
import { type AlarmState, evaluateAlarm, evaluationRange } from "./evaluate";
import { alarmArn, alarmName, localAlarmSpecs, plainDimensions } from "./local-stack";

/** What the dashboard's alarm widget shows of one alarm. */
export interface AlarmStatus {
  readonly name: string;
  readonly state: AlarmState;
  readonly reason: string;
  readonly updated: string;
}

export interface AlarmChange {
  readonly name: string;
  readonly from: AlarmState;
  readonly to: AlarmState;
  readonly reason: string;
}

/** The publisher name of alarm notifications in notifications.jsonl. */
export const ALARM_PUBLISHER = "cloudwatch-alarms";
/** How the SNS subject names the region ("ALARM: "x" in EU (Ireland)"). */
const REGION_NAME = "EU (Ireland)";

/** The alarm states kept in the data folder, or none. */
export function readAlarmStates(file: string): AlarmStatus[] {
  if (!existsSync(file)) return [];
  try {
    return JSON.parse(readFileSync(file, "utf8")) as AlarmStatus[];
  } catch {
    return [];
  }
}

const cloudWatchTime = (d: Date) => d.toISOString().replace("Z", "+0000");

/**
 * The SNS message CloudWatch publishes for a state change (the JSON documented under "Amazon
 * SNS notification formats" for alarms).
 */
export function alarmMessage(spec: AlarmSpec, change: AlarmChange, at: Date) {
  return {
    AlarmName: change.name,
    AlarmDescription: spec.description,
    AWSAccountId: LOCAL_STACK.account,
    NewStateValue: change.to,
    NewStateReason: change.reason,
    StateChangeTime: cloudWatchTime(at),
    Region: REGION_NAME,
    AlarmArn: alarmArn(change.name),
    OldStateValue: change.from,
    Trigger: {
      MetricName: spec.metricName,
      Namespace: spec.namespace,
      StatisticType: "Statistic",
      Statistic: spec.statistic.toUpperCase(),
      Unit: null,
      Dimensions: Object.entries(plainDimensions(spec)).map(([name, value]) => ({ value, name })),
      Period: spec.timing.periodSeconds,
      EvaluationPeriods: spec.timing.evaluationPeriods,
      DatapointsToAlarm: spec.timing.datapointsToAlarm,
      ComparisonOperator: spec.comparisonOperator,
      Threshold: spec.threshold,
      TreatMissingData: spec.treatMissingData,
      EvaluateLowSampleCountPercentile: "",
    },
  };
}

/**
 * AlertingStack's alarms, evaluated over the local metrics after each cycle. A change to ALARM
 * or OK goes to the topic (AlertingStack sets alarm and OK actions, no INSUFFICIENT_DATA
 * action); every state is written to alarm-states.json for the dashboard.
 */
export class LocalAlarms {
  readonly specs = localAlarmSpecs();
  readonly #states = new Map<string, AlarmStatus>();

  constructor(
    private readonly paths: LocalPaths,
    private readonly notifications: NotificationLog,
    private readonly clock: () => Date = () => new Date(),
  ) {
    // A new alarm starts in INSUFFICIENT_DATA; one kept from an earlier run keeps its state.
    for (const s of readAlarmStates(paths.alarmStates)) this.#states.set(s.name, s);
  }

  /** Evaluates every alarm at the latest cycle in metrics.jsonl; returns the changes. */
  evaluate(): AlarmChange[] {
    const data = readEmfFile(this.paths.metrics);
    const starts = cycleStarts(data, LOCAL_STACK.stateMachineArn);
    if (starts.length === 0) return [];
    const now = this.clock();
    const changes: AlarmChange[] = [];
    for (const spec of this.specs) {
      const name = alarmName(spec);
      const dimensions = plainDimensions(spec);
      const points = data.filter((d) => sameMetric(d, spec.namespace, spec.metricName, dimensions));
      const range = periodValues(points, starts, {
        last: starts.length - 1,
        periods: evaluationRange(spec.timing.evaluationPeriods),
        cyclesPerPeriod: cyclesPerPeriod(spec.timing.periodSeconds),
        stat: spec.statistic,
      });
      const current = this.#states.get(name)?.state ?? "INSUFFICIENT_DATA";
      const result = evaluateAlarm({ ...spec, ...spec.timing }, range, current);
      if (result.state === current && this.#states.has(name)) continue;
      this.#states.set(name, {
        name,
        state: result.state,
        reason: result.reason,
        updated: now.toISOString(),
      });
      if (result.state === current) continue;
      const change = { name, from: current, to: result.state, reason: result.reason };
      changes.push(change);
      if (change.to !== "INSUFFICIENT_DATA") {
        this.notifications.publish(ALARM_PUBLISHER, {
          TopicArn: LOCAL_STACK.alertTopicArn,
          Subject: `${change.to}: "${name}" in ${REGION_NAME}`,
          Message: JSON.stringify(alarmMessage(spec, change, now)),
        });
      }
    }
    this.#save();
    return changes;
  }

  get states(): AlarmStatus[] {
    return [...this.#states.values()];
  }

  /** Written whole, then renamed: the dashboard never reads half a file. */
  #save(): void {
    const tmp = `${this.paths.alarmStates}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.states, null, 2));
    renameSync(tmp, this.paths.alarmStates);
  }
}

/** One line per cycle: each change to or from ALARM by name, the rest counted. */
export function formatAlarmChanges(changes: readonly AlarmChange[]): string {
  if (changes.length === 0) return "  alarms: no state change";
  const notable = changes.filter((c) => c.to === "ALARM" || c.from === "ALARM");
  const rest = new Map<string, number>();
  for (const c of changes.filter((x) => !notable.includes(x))) {
    const key = `${c.from} -> ${c.to}`;
    rest.set(key, (rest.get(key) ?? 0) + 1);
  }
  const lines = notable.map((c) => `  alarm ${c.name}: ${c.from} -> ${c.to}\n      ${c.reason}`);
  if (rest.size > 0) {
    lines.push(
      `  alarms: ${[...rest].map(([k, n]) => `${n} ${n === 1 ? "alarm" : "alarms"} ${k}`).join(", ")}`,
    );
  }
  return lines.join("\n");
}
