/**
 * The CloudWatch series each metric source really produces, found by running the collector's
 * own code: the GetMetricData queries the cloudwatch source sends, and the EMF documents the
 * collector writes with each source. Dashboards and alarms are checked against these.
 */
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { createCollector } from "../../../functions/data-collector/collector";
import { cloudWatchSource } from "../../../functions/data-collector/sources/cloudwatch";
import type { MetricSource } from "../../../functions/data-collector/sources/types";
import { METRIC_TYPES } from "../../../contract/metric-record";
import {
  answerWindow,
  capturedMetrics,
  collectorSettings,
  silentLogger,
  sourceRequest,
} from "../../functions/fixtures";

export interface Series {
  readonly namespace: string;
  readonly metricName: string;
  /** Dimension names, sorted. */
  readonly dimensions: readonly string[];
  /** The statistic read (GetMetricData), when known. */
  readonly stat?: string;
}

const AT = new Date("2025-03-01T09:00:00Z");
export const SOURCE_INSTANCE = "i-0123456789abcdef0";

const key = (s: Series) => JSON.stringify(s);
const unique = (series: Series[]) => [...new Map(series.map((s) => [key(s), s])).values()];

/** What the cloudwatch source asks CloudWatch for, every metric type, as it asks. */
export async function cloudwatchSourceReads(): Promise<Series[]> {
  const cloudwatch = new CloudWatchClient({ region: "eu-west-1" });
  const mock = mockClient(cloudwatch);
  const seen: Series[] = [];
  mock.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommand["input"]) => {
    for (const q of input.MetricDataQueries ?? []) {
      const metric = q.MetricStat?.Metric;
      seen.push({
        namespace: metric?.Namespace ?? "",
        metricName: metric?.MetricName ?? "",
        dimensions: (metric?.Dimensions ?? []).map((d) => d.Name ?? "").sort(),
        stat: q.MetricStat?.Stat,
      });
    }
    return answerWindow(input);
  });
  const source = cloudWatchSource({
    cloudwatch,
    tagging: new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" }),
    region: "eu-west-1",
    instanceIds: [SOURCE_INSTANCE],
  });
  for (const type of METRIC_TYPES) await source.collect(sourceRequest(type, AT, 10_800));
  mock.restore();
  return unique(seen);
}

/** The cloudwatch source with a CloudWatch that answers every query, for a whole collection. */
export function answeringCloudwatchSource(): { source: MetricSource; restore: () => void } {
  const cloudwatch = new CloudWatchClient({ region: "eu-west-1" });
  const mock = mockClient(cloudwatch);
  mock
    .on(GetMetricDataCommand)
    .callsFake((input: GetMetricDataCommand["input"]) => answerWindow(input));
  const source = cloudWatchSource({
    cloudwatch,
    tagging: new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" }),
    region: "eu-west-1",
    instanceIds: [SOURCE_INSTANCE],
  });
  return { source, restore: () => mock.restore() };
}

/** Every series the collector publishes (EMF) in one full collection with this source. */
export async function collectorPublishes(source: MetricSource): Promise<Series[]> {
  const s3 = new S3Client({ region: "eu-west-1" });
  // The lake is not what is looked at here: its writes succeed and are dropped.
  const s3Mock = mockClient(s3);
  s3Mock.on(PutObjectCommand).resolves({});
  const clock = () => new Date("2025-03-01T09:30:00.000Z");
  const { metrics, docs } = capturedMetrics("dev", clock);
  const collector = createCollector({
    s3,
    source,
    settings: collectorSettings("lake"),
    logger: silentLogger(),
    metrics,
    clock,
  });
  await collector.collect({ execution_id: "exec-1", scheduled_time: AT.toISOString() });
  metrics.flush();
  s3Mock.restore();
  return unique(
    docs.flatMap((doc) =>
      doc._aws.CloudWatchMetrics.flatMap((directive) =>
        directive.Dimensions.flatMap((dims) =>
          directive.Metrics.map((m) => ({
            namespace: directive.Namespace,
            metricName: m.Name,
            dimensions: [...dims].sort(),
          })),
        ),
      ),
    ),
  );
}

/** The per-instance series among them: those with the InstanceId dimension alone. */
export const perInstance = (series: readonly Series[]) =>
  series.filter((s) => s.dimensions.length === 1 && s.dimensions[0] === "InstanceId");
