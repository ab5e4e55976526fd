import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import {
  paginateGetResources,
  type ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { PIPELINE_VERSION, type MetricType } from "../../shared/metric-record";
import { CLOUDWATCH_METRICS, type CloudWatchMetric } from "./cloudwatch-metrics";
import type { MetricSource, SourceReading } from "./types";

/** GetMetricData accepts at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

export interface CloudWatchSourceOptions {
  readonly cloudwatch: CloudWatchClient;
  /** Finds instances by tag (the EC2 client's schema alone would triple the bundle). */
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly region: string;
  /** Read these instances; otherwise the instances carrying `tag`. */
  readonly instanceIds?: readonly string[];
  readonly tag?: { readonly key: string; readonly value: string };
  /** Statistic period. @default 300 (EC2 basic monitoring) */
  readonly periodSeconds?: number;
  /** How far back to look for the latest datapoint (metrics arrive late). @default 900 */
  readonly lookbackSeconds?: number;
}

interface Query {
  readonly id: string;
  readonly instanceId: string;
  readonly metric: CloudWatchMetric;
}

/**
 * Instances carrying the tag, following GetResources pages. Stopped instances are listed
 * too; having no datapoints, they show up in `missing` rather than as invented values.
 */
export async function discoverInstances(
  tagging: ResourceGroupsTaggingAPIClient,
  tag: { key: string; value: string },
): Promise<string[]> {
  const ids: string[] = [];
  const pages = paginateGetResources(
    { client: tagging },
    {
      ResourceTypeFilters: ["ec2:instance"],
      TagFilters: [{ Key: tag.key, Values: [tag.value] }],
    },
  );
  for await (const page of pages) {
    for (const mapping of page.ResourceTagMappingList ?? []) {
      // arn:aws:ec2:<region>:<account>:instance/i-0123456789abcdef0
      const id = mapping.ResourceARN?.split("/").pop();
      if (id?.startsWith("i-")) ids.push(id);
    }
  }
  return ids;
}

function toMetricQuery(q: Query, period: number): MetricDataQuery {
  return {
    Id: q.id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: q.metric.namespace,
        MetricName: q.metric.awsName,
        Dimensions: [{ Name: "InstanceId", Value: q.instanceId }],
      },
      Period: period,
      Stat: q.metric.stat,
    },
  };
}

/** The newest datapoint per query id, over batches of 500 and every NextToken page. */
async function latestValues(
  cloudwatch: CloudWatchClient,
  queries: readonly MetricDataQuery[],
  start: Date,
  end: Date,
): Promise<Map<string, { at: Date; value: number }>> {
  const latest = new Map<string, { at: Date; value: number }>();
  for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) {
    const batch = queries.slice(i, i + MAX_QUERIES_PER_CALL);
    let nextToken: string | undefined;
    do {
      const out = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: batch,
          StartTime: start,
          EndTime: end,
          ScanBy: "TimestampDescending",
          NextToken: nextToken,
        }),
      );
      for (const result of out.MetricDataResults ?? []) {
        const timestamps = result.Timestamps ?? [];
        const values = result.Values ?? [];
        for (let j = 0; j < Math.min(timestamps.length, values.length); j++) {
          const at = timestamps[j];
          const value = values[j];
          if (!result.Id || at === undefined || value === undefined) continue;
          const seen = latest.get(result.Id);
          if (!seen || at > seen.at) latest.set(result.Id, { at, value });
        }
      }
      nextToken = out.NextToken;
    } while (nextToken);
  }
  return latest;
}

/**
 * Reads the last period of AWS/EC2 and CWAgent metrics of the chosen instances.
 * An instance without a datapoint is reported in `missing`, never filled in.
 */
export function cloudWatchSource(options: CloudWatchSourceOptions): MetricSource {
  const period = options.periodSeconds ?? 300;
  const lookback = options.lookbackSeconds ?? 900;

  async function instances(): Promise<string[]> {
    if (options.instanceIds?.length) return [...options.instanceIds];
    if (options.tag) return discoverInstances(options.tagging, options.tag);
    throw new Error(
      "the cloudwatch source needs instance ids or a tag (TARGET_INSTANCE_IDS or TARGET_TAG_KEY/TARGET_TAG_VALUE)",
    );
  }

  return {
    name: "cloudwatch",
    async collect(metricType: MetricType, at: Date): Promise<SourceReading> {
      const metrics = CLOUDWATCH_METRICS.filter((m) => m.metricType === metricType);
      const pairs = (await instances()).flatMap((instanceId) =>
        metrics.map((metric) => ({ instanceId, metric })),
      );
      // Query ids must start with a lower-case letter.
      const queries: Query[] = pairs.map((p, i) => ({ ...p, id: `q${i}` }));
      const start = new Date(at.getTime() - lookback * 1000);
      const latest = await latestValues(
        options.cloudwatch,
        queries.map((q) => toMetricQuery(q, period)),
        start,
        at,
      );

      const records: unknown[] = [];
      const missing: string[] = [];
      for (const q of queries) {
        const point = latest.get(q.id);
        if (!point) {
          missing.push(`${q.instanceId}/${q.metric.name}`);
          continue;
        }
        records.push({
          timestamp: point.at.toISOString(),
          instance_id: q.instanceId,
          region: options.region,
          metric_type: metricType,
          metric_name: q.metric.name,
          value: point.value,
          unit: q.metric.unit,
          metadata: { collection_method: q.metric.method, pipeline_version: PIPELINE_VERSION },
        });
      }
      return { records, missing };
    },
  };
}
