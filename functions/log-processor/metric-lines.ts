import { type HotTableItem, toHotTableItem } from "../shared/hot-table";
import { type MetricRecord, validateMetricRecord } from "../shared/metric-record";
import { fastMetricRecord } from "./fast-record";

export type LineOutcome =
  | { readonly ok: true; readonly record: MetricRecord; readonly coerced: boolean }
  | { readonly ok: false; readonly reason: string };

/** Parses and validates one raw-metrics/ line; the reason says exactly what is wrong. */
export function parseMetricLine(raw: string): LineOutcome {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, reason: "not a JSON object" };
  }
  const fast = fastMetricRecord(json as Record<string, unknown>);
  if (fast) return { ok: true, record: fast, coerced: false };
  const result = validateMetricRecord(json);
  return result.ok ? result : { ok: false, reason: result.errors.join("; ") };
}

export interface EnrichContext {
  readonly sourceKey: string;
  readonly ingestedAt: Date;
  readonly ttlDays: number;
}

/** What enrich() needs per object, computed once rather than per line. */
interface PreparedContext extends EnrichContext {
  readonly ingestedAtIso: string;
  readonly ingestedAtMs: number;
}

const prepared = new WeakMap<EnrichContext, PreparedContext>();

function prepare(ctx: EnrichContext): PreparedContext {
  let p = prepared.get(ctx);
  if (!p) {
    p = {
      ...ctx,
      ingestedAtIso: ctx.ingestedAt.toISOString(),
      ingestedAtMs: ctx.ingestedAt.getTime(),
    };
    prepared.set(ctx, p);
  }
  return p;
}

/** The hot-table item of a valid line, with where and when it was ingested. */
export function enrich(record: MetricRecord, line: number, ctx: EnrichContext): HotTableItem {
  const p = prepare(ctx);
  const recordTimeMs = Date.parse(record.timestamp);
  const lagSeconds = Math.max(0, Math.round((p.ingestedAtMs - recordTimeMs) / 1000));
  return toHotTableItem(
    record,
    ctx.ttlDays,
    {
      ingested_at: p.ingestedAtIso,
      source_key: ctx.sourceKey,
      source_line: line,
      ingest_lag_seconds: lagSeconds,
    },
    recordTimeMs,
  );
}
