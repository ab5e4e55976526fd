import * as pulumi from "@pulumi/pulumi";
import { resolveAnomalyDetection } from "../shared/anomaly-args";
import type { CollectorWorkflowArgs } from "./args";
import type { EncryptedQueue } from "./encrypted-queue";
import { handlerArchive } from "./handler-archive";
import { collectorEnvironment, processorEnvironment } from "./handler-environment";
import { createHandlerFunction, type HandlerFunction } from "./handler-function";
import { collectorPolicy, processorPolicy } from "./iam-policies";
import type { ResolvedCollectorWorkflow } from "./resolve";
import type { TargetListLocation } from "./target-list";

/** What both handlers share: owner, tracing, logs and tags. */
const common = (
  parent: pulumi.Resource,
  r: ResolvedCollectorWorkflow,
  args: CollectorWorkflowArgs,
) => ({
  parent,
  tracing: r.tracing,
  logRetentionDays: r.logRetentionDays,
  logKmsKeyArn: args.logKmsKeyArn,
  tags: r.tags,
  site: r.site,
});

/** The data collector: one metric type of one shard into the lake. */
export function createCollector(
  parent: pulumi.Resource,
  r: ResolvedCollectorWorkflow,
  args: CollectorWorkflowArgs,
  list: {
    readonly location?: pulumi.Output<TargetListLocation>;
    readonly object?: pulumi.Resource;
  },
): HandlerFunction {
  return createHandlerFunction({
    ...common(parent, r, args),
    logicalName: r.names.logical("collector"),
    settingsKey: "collector",
    functionName: r.collectorFunction,
    description: "Collects one metric type of one shard of the fleet into the lake",
    code: args.collector?.code ?? handlerArchive("data-collector"),
    ...r.collector,
    settings: args.collector,
    environment: collectorEnvironment(list.location?.key, args),
    dependsOn: list.object ? [list.object] : [],
    policy: (logGroupArn) =>
      pulumi
        .all([args.lakeBucketArn, logGroupArn, r.lakeKey, list.location?.key])
        .apply(([lakeBucketArn, logArn, lakeKmsKeyArn, targetListKey]) =>
          JSON.stringify(
            collectorPolicy({
              lakeBucketArn,
              logGroupArn: logArn,
              readsCloudWatch: r.metricSource === "cloudwatch",
              lakeKmsKeyArn,
              targetListKey,
            }),
          ),
        ),
  });
}

/** The log processor: validates, stores and evaluates the lake's new raw objects. */
export function createProcessor(
  parent: pulumi.Resource,
  r: ResolvedCollectorWorkflow,
  args: CollectorWorkflowArgs,
  failures: EncryptedQueue,
): HandlerFunction {
  const anomalyDetection = resolveAnomalyDetection(args.anomalyDetection) !== undefined;
  return createHandlerFunction({
    ...common(parent, r, args),
    logicalName: r.names.logical("processor"),
    settingsKey: "processor",
    functionName: r.processorFunction,
    description: "Validates, stores and evaluates every new raw-metrics/ and raw-logs/ object",
    code: args.processor?.code ?? handlerArchive("log-processor"),
    ...r.processor,
    settings: args.processor,
    environment: processorEnvironment(args, r.thresholds),
    policy: (logGroupArn) =>
      pulumi
        .all([
          pulumi.all([args.lakeBucketArn, args.tableArn, logGroupArn, args.alertTopicArn]),
          pulumi.all([r.topicKey, failures.queue.arn, r.queueKey, r.lakeKey]),
          args.compaction?.stateMachineArn,
        ])
        .apply(
          ([
            [lake, table, logArn, topic],
            [topicKmsKey, queue, queueKmsKey, lakeKmsKey],
            compaction,
          ]) =>
            JSON.stringify(
              processorPolicy({
                lakeBucketArn: lake,
                tableArn: table,
                logGroupArn: logArn,
                alertTopicArn: topic,
                alertTopicKmsKeyArn: topicKmsKey,
                failureQueueArn: queue,
                queueKmsKeyArn: queueKmsKey,
                lakeKmsKeyArn: lakeKmsKey,
                anomalyDetection,
                compactionStateMachineArn: compaction,
              }),
            ),
        ),
  });
}
