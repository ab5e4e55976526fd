import { createHash } from "node:crypto";
import {
  type Datapoint,
  type DetectorState,
  initialState,
  parseState,
  serializeState,
  update,
} from "../shared/anomaly/detector";
import { DEFAULT_PARAMS, type DetectorParams } from "../../contract/anomaly/params";
import type { AnomalySettings } from "../../contract/anomaly/settings";
import { DEFAULT_METRIC_NAME, type MetricRecord } from "../../contract/metric-record";
import { anomalyAlertId, publishAnomalies } from "./anomaly-alerts";
import {
  anomalyKey,
  clearPendingAlert,
  type PendingAlert,
  readStates,
  type StoredState,
  writeState,
} from "./anomaly-state";
import type { ObjectIdentity } from "./ledger";
import type { ProcessorContext } from "./processor-context";

/** Reads and writes of one series before the object fails: each lost race costs one round. */
const MAX_ATTEMPTS = 5;
/** Series written at once. */
const CONCURRENCY = 32;

interface Series {
  readonly instance: string;
  readonly metric: string;
  readonly points: Datapoint[];
}

/** An object's datapoints by series (instance and metric), for the metrics the stack watches. */
export class SeriesPoints {
  readonly series = new Map<string, Series>();

  constructor(private readonly metrics: readonly string[]) {}

  add(record: MetricRecord, timeMs: number): void {
    const metric = record.metric_name ?? DEFAULT_METRIC_NAME[record.metric_type];
    if (!this.metrics.includes(metric)) return;
    const pk = anomalyKey(record.instance_id, metric);
    let s = this.series.get(pk);
    if (!s) this.series.set(pk, (s = { instance: record.instance_id, metric, points: [] }));
    s.points.push({ timestamp: timeMs, value: record.value });
  }
}

/** A collector when the stack turned anomaly detection on, else undefined. */
export const seriesPointsFor = (settings: AnomalySettings | undefined) =>
  settings ? new SeriesPoints(settings.metrics) : undefined;

/** Names one object version in a series' item: 16 hex characters whatever the key's length. */
const objectTag = (id: ObjectIdentity) =>
  createHash("sha256")
    .update(JSON.stringify([id.bucket, id.key, id.versionId, id.etag]))
    .digest("hex")
    .slice(0, 16);

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Scores the series' points point by point, so that the first alert of an episode is known:
 * a point at or above the sensitivity alerts only when the detector was not holding after an
 * earlier alert (the same episode).
 */
export function scoreSeries(
  pk: string,
  s: Series,
  before: DetectorState,
  params: DetectorParams,
): { state: DetectorState; learnt: number; alert?: PendingAlert } {
  const points = [...s.points].sort((a, b) => a.timestamp - b.timestamp);
  let state = before;
  let learnt = 0;
  let alert: PendingAlert | undefined;
  for (const p of points) {
    const r = update(state, [p], params);
    learnt += 1 - r.skipped;
    const score = r.scores[0] ?? 0;
    if (!alert && score >= params.alertLevel && state.quiet === 0) {
      const time = iso(p.timestamp);
      alert = {
        id: anomalyAlertId(pk, time),
        instance: s.instance,
        metric: s.metric,
        score,
        value: p.value,
        time,
        baselineMean: state.valueMean,
        baselineStd: Math.sqrt(state.valueVar),
        windowStart: iso(points[0]?.timestamp ?? p.timestamp),
        windowEnd: iso(points[points.length - 1]?.timestamp ?? p.timestamp),
      };
    }
    state = r.state;
  }
  return { state, learnt, ...(alert ? { alert } : {}) };
}

/**
 * Applies one series' points: read, score, conditional write; a lost race reads again. Returns
 * the alerts to publish: its own new one, or one an earlier run stored but did not clear.
 */
async function applySeries(
  ctx: ProcessorContext,
  pk: string,
  s: Series,
  tag: string,
  first: StoredState | undefined,
  params: DetectorParams,
): Promise<PendingAlert[]> {
  const { doc, settings } = ctx;
  let stored = first;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const pending = stored?.pendingAlert ? [stored.pendingAlert] : [];
    // This object version was applied already (a retry after a later step failed).
    if (stored?.lastObject === tag) return pending;
    const before = stored ? parseState(stored.state) : initialState();
    const next = scoreSeries(pk, s, before, params);
    // Every point at or before the last one learnt: nothing to write.
    if (next.learnt === 0) return pending;
    const expiresAt = Math.floor(ctx.clock().getTime() / 1000) + settings.hotTableTtlDays * 86_400;
    const write = {
      pk,
      state: serializeState(next.state),
      lastObject: tag,
      expiresAt,
      ...(next.alert ? { pendingAlert: next.alert } : {}),
    };
    if (await writeState(doc, settings.hotTable, write, stored?.version)) {
      return next.alert ? [...pending, next.alert] : pending;
    }
    stored = (await readStates(doc, settings.hotTable, [pk])).get(pk);
  }
  throw new Error(`anomaly state of ${pk} kept changing under ${MAX_ATTEMPTS} attempts`);
}

/**
 * The anomaly step of one object: one BatchGetItem key and one conditional UpdateItem per
 * series, then one SNS message for the object's anomalies, then each alert cleared from its
 * item. A failure fails the object; its retry finds the states written and republishes what
 * was not cleared, under the same ids.
 */
export async function applyAnomalyStep(
  ctx: ProcessorContext,
  id: ObjectIdentity,
  points: SeriesPoints | undefined,
): Promise<void> {
  const anomaly = ctx.settings.anomalyDetection;
  if (!anomaly || !points || points.series.size === 0) return;
  const params: DetectorParams = { ...DEFAULT_PARAMS, alertLevel: anomaly.sensitivity };
  const { doc, settings } = ctx;
  const entries = [...points.series];
  const stored = await readStates(
    doc,
    settings.hotTable,
    entries.map(([pk]) => pk),
  );
  const tag = objectTag(id);
  const alerts: { pk: string; alert: PendingAlert }[] = [];
  for (let i = 0; i < entries.length; i += CONCURRENCY) {
    const chunk = entries.slice(i, i + CONCURRENCY);
    const found = await Promise.all(
      chunk.map(([pk, s]) => applySeries(ctx, pk, s, tag, stored.get(pk), params)),
    );
    found.forEach((list, j) => list.forEach((alert) => alerts.push({ pk: chunk[j]![0], alert })));
  }
  if (alerts.length === 0) return;
  if (!settings.alertTopicArn) {
    ctx.logger.warn("anomalies, but no alert topic is configured", {
      anomalies: alerts.map((a) => a.alert),
    });
  } else {
    await publishAnomalies(
      ctx.sns,
      settings.alertTopicArn,
      settings.environment,
      alerts.map((a) => a.alert),
    );
  }
  for (const a of alerts) await clearPendingAlert(doc, settings.hotTable, a.pk, a.alert.id);
}
