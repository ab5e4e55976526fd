import * as pulumi from "@pulumi/pulumi";
import { scheduleIntervalSeconds } from "../../contract/schedule";
import { HANDLER_ENV } from "../../contract/handler-settings";
import { allThresholds, knownThresholds, type ThresholdInputs } from "../shared/threshold-args";
import { anomalyDetectionVariable } from "../shared/anomaly-args";
import type { CollectorWorkflowArgs } from "./args";
import { COLLECTOR_WORKFLOW_DEFAULTS as D } from "../../contract/defaults/collector-workflow";

export type HandlerEnvironment = Record<string, pulumi.Input<string>>;

/** Settings both handlers read (settingsFromEnv requires these three names and the TTL). */
function common(args: CollectorWorkflowArgs): HandlerEnvironment {
  return {
    [HANDLER_ENV.environment]: args.environment,
    [HANDLER_ENV.lakeBucket]: args.lakeBucketName,
    [HANDLER_ENV.hotTable]: args.tableName,
    [HANDLER_ENV.hotTableTtlDays]: String(args.hotTableTtlDays ?? D.hotTableTtlDays),
  };
}

/**
 * The data collector's variables: where to write and which instances to read. An instance
 * list is named by its lake object's key, never listed: the variables stay a few hundred
 * bytes whatever the fleet.
 */
export function collectorEnvironment(
  targetListKey: pulumi.Input<string> | undefined,
  args: CollectorWorkflowArgs,
): HandlerEnvironment {
  const targets = args.targets ?? {};
  const schedule = args.schedule ?? D.schedule;
  const timezone = args.scheduleTimezone ?? D.scheduleTimezone;
  const env: HandlerEnvironment = {
    ...common(args),
    [HANDLER_ENV.metricSource]: args.metricSource ?? D.metricSource,
    // A run's window is as long as the gap to the next run, so windows tile time.
    [HANDLER_ENV.collectionIntervalSeconds]: String(scheduleIntervalSeconds(schedule, timezone)),
    [HANDLER_ENV.collectionLagSeconds]: String(args.collectionLagSeconds ?? D.collectionLagSeconds),
    [HANDLER_ENV.collectionPeriodSeconds]: String(
      args.collectionPeriodSeconds ?? D.collectionPeriodSeconds,
    ),
    [HANDLER_ENV.shardSize]: String(args.shardSize ?? D.shardSize),
  };
  // A cron() may fire at uneven gaps: each run reads from the firing before its own.
  if (schedule.startsWith("cron(")) {
    env[HANDLER_ENV.collectionSchedule] = schedule;
    env[HANDLER_ENV.collectionScheduleTimezone] = timezone;
  }
  if (targets.tag) {
    env[HANDLER_ENV.targetTagKey] = targets.tag.key;
    env[HANDLER_ENV.targetTagValue] = targets.tag.value;
  }
  if (targetListKey !== undefined) env[HANDLER_ENV.targetInstanceIdsKey] = targetListKey;
  if (targets.syntheticInstances !== undefined) {
    env[HANDLER_ENV.syntheticInstances] = String(targets.syntheticInstances);
  }
  return env;
}

/**
 * The log processor's variables: the topic for threshold alerts and the thresholds, checked
 * (checkedThresholds). With one from an Output the JSON is built when they resolve.
 */
export function processorEnvironment(
  args: CollectorWorkflowArgs,
  thresholds: ThresholdInputs,
): HandlerEnvironment {
  const anomaly = anomalyDetectionVariable(args.anomalyDetection);
  const known = knownThresholds(thresholds);
  return {
    ...common(args),
    [HANDLER_ENV.alertTopicArn]: args.alertTopicArn,
    [HANDLER_ENV.thresholds]: known
      ? JSON.stringify(known)
      : allThresholds(thresholds).apply((t) => JSON.stringify(t)),
    ...(anomaly ? { [HANDLER_ENV.anomalyDetection]: anomaly } : {}),
    ...(args.compaction
      ? {
          [HANDLER_ENV.compactionStateMachineArn]: args.compaction.stateMachineArn,
          [HANDLER_ENV.compactionCatchUpDays]: String(args.compaction.catchUpDays ?? 30),
        }
      : {}),
  };
}
