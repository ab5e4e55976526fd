/**
 * Measures what one metric record costs in the lake, from the code that writes it: the
 * collector's own JSON Lines (cloudwatch source over a mocked GetMetricData, objects captured
 * from PutObject) and the compaction's own Parquet (its SELECT run by DuckDB, as the local
 * compaction writes a day). `npm run measure-record-bytes` prints the figures the scan model
 * (components/analytics-catalog/scan-model.ts) states.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import { mockClient } from "aws-sdk-client-mock";
import { createCollector } from "../../functions/data-collector/collector";
import { cloudWatchSource } from "../../functions/data-collector/sources/cloudwatch";
import { MetricsEmitter } from "../../functions/shared/emf";
import { METRIC_TYPES } from "../../contract/metric-record";
import { compactionSelect, curatedDayPath } from "../../components/analytics-catalog/curated";
import { ident, literal } from "../../components/analytics-catalog/sql";
import { TABLE_NAMES } from "../../contract/defaults/analytics-catalog";
import { LOCAL_STACK } from "../../local/layout";
import { CURATED_FILE_SUFFIX, openLake } from "../../local/lake-db";

export interface RecordBytes {
  readonly records: number;
  /** Bytes of the collector's JSON Lines objects, newlines included. */
  readonly rawBytes: number;
  /** Bytes of the compacted Parquet of the same records. */
  readonly curatedBytes: number;
  readonly rawBytesPerRecord: number;
  readonly curatedBytesPerRecord: number;
}

/** A fixed sequence of doubles in [0, 1): repeatable runs, full-precision values. */
function doubles(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32 + (((x * 2654435761) >>> 0) % 1e6) / 2 ** 52;
  };
}

/** Instance ids as EC2 names them today: i- and 17 hex digits. */
const instanceIds = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `i-0a1b2c3d4e${(0x100000 + i).toString(16).padStart(6, "0")}`,
  );

/**
 * Averages as CloudWatch returns them: full-precision doubles (percentages up to 100, byte
 * counts up to 10^7), one per period of the window.
 */
function answerGetMetricData(random: () => number) {
  return (input: {
    StartTime?: Date;
    EndTime?: Date;
    MetricDataQueries?: {
      Id?: string;
      MetricStat?: { Period?: number; Metric?: { MetricName?: string } };
    }[];
  }) => ({
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
      const period = (q.MetricStat?.Period ?? 300) * 1000;
      const times: Date[] = [];
      const start = input.StartTime?.getTime() ?? 0;
      for (let t = start; t < (input.EndTime?.getTime() ?? 0); t += period) times.push(new Date(t));
      const percent = /percent|utilization/i.test(q.MetricStat?.Metric?.MetricName ?? "");
      const scale = percent ? 100 : 1e7;
      return {
        Id: q.Id,
        Timestamps: times,
        Values: times.map(() => random() * scale),
        StatusCode: "Complete" as const,
      };
    }),
  });
}

/** The collector's JSON Lines for `instances` over `hours` of `periodSeconds` data, by key. */
export async function collectorObjects(
  instances: number,
  periodSeconds: number,
  hours: number,
): Promise<Map<string, string>> {
  const cloudwatch = new CloudWatchClient({ region: "eu-west-1" });
  const s3 = new S3Client({ region: "eu-west-1" });
  const cw = mockClient(cloudwatch);
  const s3Mock = mockClient(s3);
  const objects = new Map<string, string>();
  try {
    cw.on(GetMetricDataCommand).callsFake(answerGetMetricData(doubles(20)));
    s3Mock.on(PutObjectCommand).callsFake((input: { Key: string; Body: string }) => {
      objects.set(input.Key, input.Body);
      return {};
    });
    const logger = new Logger({
      serviceName: "measure",
      logLevel: (process.env.MEASURE_LOG ?? "SILENT") as "SILENT",
    });
    const end = new Date("2026-03-02T00:00:00Z");
    const collector = createCollector({
      s3,
      source: cloudWatchSource({
        cloudwatch,
        tagging: new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" }),
        region: "eu-west-1",
        instanceIds: instanceIds(instances),
        periodSeconds,
        retry: { sleep: async () => undefined },
      }),
      settings: {
        environment: "prod",
        lakeBucket: "lake",
        collectionIntervalSeconds: hours * 3600,
        collectionLagSeconds: 600,
        collectionPeriodSeconds: periodSeconds,
        shardSize: instances,
      },
      logger,
      metrics: new MetricsEmitter({ environment: "prod", logger, sink: () => undefined }),
      clock: () => end,
    });
    for (const metric_type of METRIC_TYPES) {
      await collector.collect({
        metric_type,
        execution_id: "measure",
        window_start: new Date(end.getTime() - hours * 3600_000).toISOString(),
        window_end: end.toISOString(),
      });
    }
  } finally {
    cw.restore();
    s3Mock.restore();
  }
  return objects;
}

/** Bytes per record of the collector's JSON Lines and of the compaction's Parquet. */
export async function measureRecordBytes(
  instances = 100,
  periodSeconds = 60,
  hours = 3,
): Promise<RecordBytes> {
  const objects = await collectorObjects(instances, periodSeconds, hours);
  const lake = mkdtempSync(path.join(tmpdir(), "record-bytes-"));
  try {
    let rawBytes = 0;
    let records = 0;
    for (const [key, body] of objects) {
      const file = path.join(lake, key);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, body);
      rawBytes += Buffer.byteLength(body);
      records += body.split("\n").filter((l) => l !== "").length;
    }
    const db = await openLake(lake, ".jsonl");
    const raw = `${ident(LOCAL_STACK.database)}.${ident(TABLE_NAMES.metrics)}`;
    let curatedBytes = 0;
    try {
      const days = await db.runAndReadAll(
        `SELECT DISTINCT strftime(make_date(year, month, day), '%Y-%m-%d') FROM ${raw}`,
      );
      for (const [day] of days.getRows()) {
        const file = path.join(
          lake,
          "curated",
          curatedDayPath(String(day)),
          `part-0${CURATED_FILE_SUFFIX}`,
        );
        mkdirSync(path.dirname(file), { recursive: true });
        const select = compactionSelect(raw, `DATE ${literal(String(day))}`);
        await db.run(
          `COPY (${select}) TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
        );
        curatedBytes += statSync(file).size;
      }
    } finally {
      db.closeSync();
    }
    return {
      records,
      rawBytes,
      curatedBytes,
      rawBytesPerRecord: rawBytes / records,
      curatedBytesPerRecord: curatedBytes / records,
    };
  } finally {
    rmSync(lake, { recursive: true, force: true });
  }
}

if (require.main === module) {
  measureRecordBytes().then(
    (m) => {
      console.log(
        `${m.records} records (100 instances, 60 s data, 3 hours): ` +
          `raw JSON Lines ${m.rawBytesPerRecord.toFixed(1)} bytes/record, ` +
          `curated Parquet ${m.curatedBytesPerRecord.toFixed(2)} bytes/record`,
      );
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
