import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import {
  paginateGetResources,
  type ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { PIPELINE_VERSION } from "../../../contract/metric-record";
import { isTransient, retryTransient, type TransientRetry } from "../retry";
import { inShard } from "../shard";
import type { CollectionWindow } from "../window";
import { CLOUDWATCH_METRICS, type CloudWatchMetric } from "../../../contract/cloudwatch-metrics";
import type { MetricSource, SourceReading, SourceRequest } from "./types";

/** GetMetricData accepts at most 500 queries per call... */
export const MAX_QUERIES_PER_CALL = 500;
/** ...and returns at most 100,800 datapoints per call. */
export const MAX_DATAPOINTS_PER_CALL = 100_800;

export interface CloudWatchSourceOptions {
  readonly cloudwatch: CloudWatchClient;
  /** Finds instances by tag (the EC2 client's schema alone would triple the bundle). */
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly region: string;
  /** Read these instances; otherwise the list `loadInstanceIds` reads, or those carrying `tag`. */
  readonly instanceIds?: readonly string[];
  /** Reads the deployed target list (TARGET_INSTANCE_IDS_KEY). */
  readonly loadInstanceIds?: () => Promise<readonly string[]>;
  readonly tag?: { readonly key: string; readonly value: string };
  /** Statistic period: every datapoint of the window at this resolution. @default 300 */
  readonly periodSeconds?: number;
  /** Retries of a failed GetMetricData call or tagging page. @default 3 attempts */
  readonly retry?: TransientRetry;
}

interface Query {
  readonly id: string;
  readonly instanceId: string;
  readonly metric: CloudWatchMetric;
}

type Point = { readonly at: Date; readonly value: number };

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

interface BatchResult {
  readonly points: Map<string, Point[]>;
  /** Query id -> why its data is incomplete. */
  readonly failures: Map<string, string>;
}

/**
 * Every datapoint of one batch over every NextToken page; throws when a call still fails
 * after the retries. A query whose last page does not say Complete is reported with its status.
 */
async function readPages(
  options: CloudWatchSourceOptions,
  batch: readonly MetricDataQuery[],
  window: CollectionWindow,
): Promise<BatchResult> {
  const points = new Map<string, Point[]>();
  const failures = new Map<string, string>();
  const status = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const out = await retryTransient(
      () =>
        options.cloudwatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: [...batch],
            StartTime: window.start,
            EndTime: window.end,
            ScanBy: "TimestampAscending",
            NextToken: token,
          }),
        ),
      options.retry,
    );
    for (const result of out.MetricDataResults ?? []) {
      if (!result.Id) continue;
      const list = points.get(result.Id) ?? [];
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      for (let j = 0; j < Math.min(timestamps.length, values.length); j++) {
        const at = timestamps[j];
        const value = values[j];
        if (at !== undefined && value !== undefined) list.push({ at, value });
      }
      points.set(result.Id, list);
      const message = (result.Messages ?? []).map((m) => m.Value ?? m.Code).join("; ");
      status.set(
        result.Id,
        `${result.StatusCode ?? "no StatusCode"}${message ? ` (${message})` : ""}`,
      );
    }
    nextToken = out.NextToken;
  } while (nextToken);
  for (const q of batch) {
    const s = status.get(q.Id ?? "") ?? "not in the answer";
    if (!s.startsWith("Complete")) failures.set(q.Id ?? "", `StatusCode ${s}`);
  }
  return { points, failures };
}

/**
 * One batch, split in halves while the service refuses it (a 4xx names no query, and one bad
 * series would otherwise fail every healthy one beside it) until only the refused queries
 * fail: a bad query among n costs about 2 log2(n) more calls. A batch that still fails after
 * transient retries (throttling, 5xx) is not split: more calls would not help.
 */
async function readBatch(
  options: CloudWatchSourceOptions,
  batch: readonly MetricDataQuery[],
  window: CollectionWindow,
): Promise<BatchResult> {
  try {
    return await readPages(options, batch, window);
  } catch (err) {
    if (batch.length > 1 && !isTransient(err)) {
      const half = Math.ceil(batch.length / 2);
      const parts = [
        await readBatch(options, batch.slice(0, half), window),
        await readBatch(options, batch.slice(half), window),
      ];
      return {
        points: new Map(parts.flatMap((p) => [...p.points])),
        failures: new Map(parts.flatMap((p) => [...p.failures])),
      };
    }
    const e = err as Error;
    const failures = new Map<string, string>();
    for (const q of batch) {
      failures.set(q.Id ?? "", `GetMetricData failed: ${e.name}: ${e.message}`);
    }
    return { points: new Map(), failures };
  }
}

/**
 * Every datapoint of the AWS/EC2 and CWAgent metrics of the chosen instances in the window,
 * at the source's period. An instance without a datapoint is reported in `missing`, never
 * filled in; a failed read in `errors`, the rest still returned.
 */
export function cloudWatchSource(options: CloudWatchSourceOptions): MetricSource {
  const period = options.periodSeconds ?? 300;

  async function instances(): Promise<string[]> {
    if (options.instanceIds?.length) return [...new Set(options.instanceIds)];
    if (options.loadInstanceIds) return [...new Set(await options.loadInstanceIds())];
    if (options.tag) {
      const tag = options.tag;
      return [
        ...new Set(
          await retryTransient(() => discoverInstances(options.tagging, tag), options.retry),
        ),
      ];
    }
    throw new Error(
      "the cloudwatch source needs instance ids or a tag (TARGET_INSTANCE_IDS_KEY, TARGET_INSTANCE_IDS or TARGET_TAG_KEY/TARGET_TAG_VALUE)",
    );
  }

  return {
    name: "cloudwatch",
    windowed: true,
    countTargets: async () => (await instances()).length,
    async collect({ metricType, window, shard }: SourceRequest): Promise<SourceReading> {
      if (window.end <= window.start) return { records: [], missing: [], errors: [] };
      const metrics = CLOUDWATCH_METRICS.filter((m) => m.metricType === metricType);
      const mine = (await instances()).filter((id) => inShard(id, shard));
      // Query ids must start with a lower-case letter.
      const queries: Query[] = mine
        .flatMap((instanceId) => metrics.map((metric) => ({ instanceId, metric })))
        .map((p, i) => ({ ...p, id: `q${i}` }));
      const pointsPerQuery = Math.ceil(
        (window.end.getTime() - window.start.getTime()) / (period * 1000),
      );
      const perCall = Math.max(
        1,
        Math.min(MAX_QUERIES_PER_CALL, Math.floor(MAX_DATAPOINTS_PER_CALL / pointsPerQuery)),
      );

      const records: unknown[] = [];
      const missing: string[] = [];
      const errors: string[] = [];
      for (let i = 0; i < queries.length; i += perCall) {
        const batch = queries.slice(i, i + perCall);
        const read = await readBatch(
          options,
          batch.map((q) => toMetricQuery(q, period)),
          window,
        );
        for (const q of batch) {
          const label = `${q.instanceId}/${q.metric.name}`;
          const failure = read.failures.get(q.id);
          if (failure) errors.push(`${label}: ${failure}`);
          const points = read.points.get(q.id) ?? [];
          if (points.length === 0 && !failure) missing.push(label);
          for (const point of points) {
            // CloudWatch answers [StartTime, EndTime]; the window's end belongs to the next run.
            if (point.at < window.start || point.at >= window.end) continue;
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
        }
      }
      return { records, missing, errors };
    },
  };
}
