import { BatchWriter } from "../shared/batch-write";
import { ingestContext } from "../../contract/hot-table";
import { hotTableAttributes } from "../shared/hot-table-attributes";
import { evaluateRecord } from "../../contract/thresholds";
import { type AlertLine, AlertList } from "./alerts";
import { seriesPointsFor } from "./anomaly-step";
import type { ObjectIdentity } from "./ledger";
import { parseMetricLine } from "./metric-lines";
import { readObjectLines } from "./object-lines";
import type { ReadOutcome } from "./object-summary";
import type { ProcessorContext } from "./processor-context";
import type { QuarantineWriter } from "./quarantine-writer";

/** What a written item carries back if the store refuses it: enough to quarantine its line. */
interface LineTag {
  line: number;
  raw: string;
  alert?: AlertLine;
}

/**
 * Reads a raw-metrics/ object: each valid record is written to the hot table (batched, in
 * parallel) and checked against the thresholds; each bad line goes to quarantine.
 */
export async function readMetricObject(
  ctx: ProcessorContext,
  id: ObjectIdentity,
  quarantine: QuarantineWriter,
): Promise<ReadOutcome> {
  const { settings } = ctx;
  const thresholds = settings.thresholds;
  const ingest = ingestContext(id.key, ctx.clock(), settings.hotTableTtlDays);
  const series = seriesPointsFor(settings.anomalyDetection);
  const out: ReadOutcome = { lines: 0, processed: 0, coerced: 0, alerts: new AlertList(), series };
  const refused: (LineTag & { reason: string })[] = [];
  const writer = new BatchWriter<LineTag>(ctx.dynamo, settings.hotTable, {
    ...ctx.retry,
    onRejected: (_item, reason, tag) => {
      if (tag) refused.push({ ...tag, reason });
    },
  });
  // A record the store refused after all goes to quarantine with the store's words.
  const settle = async () => {
    for (const r of refused.splice(0)) {
      out.processed--;
      if (r.alert) out.alerts.remove(r.alert);
      await quarantine.reject(r.line, r.raw, `hot table refused the record: ${r.reason}`);
    }
  };
  out.lines = await readObjectLines(ctx, id, quarantine, (line, lineNumber) => {
    const parsed = parseMetricLine(line, ingest.ingestedAtMs);
    if (!parsed.ok) return quarantine.reject(lineNumber, line, parsed.reason);
    const v = evaluateRecord(parsed.record, thresholds);
    const alert = v && {
      resource: v.instance_id,
      metric: v.metric_name,
      value: v.value,
      threshold: v.threshold,
      time: v.timestamp,
    };
    if (alert) out.alerts.add(alert);
    series?.add(parsed.record, parsed.timeMs);
    out.processed++;
    if (parsed.coerced) out.coerced++;
    const item = hotTableAttributes(parsed.record, parsed.timeMs, lineNumber, ingest);
    const wait = writer.add(item, { line: lineNumber, raw: line, ...(alert ? { alert } : {}) });
    return wait || refused.length > 0
      ? (async () => {
          await wait;
          await settle();
        })()
      : undefined;
  });
  await writer.flush();
  await settle();
  return out;
}
