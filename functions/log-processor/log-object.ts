import { ERROR_RATE_METRIC } from "../../contract/emitted-metrics";
import { AlertList } from "./alerts";
import type { ObjectIdentity } from "./ledger";
import { LogLineTally } from "./log-lines";
import { readObjectLines } from "./object-lines";
import type { ReadOutcome } from "./object-summary";
import type { ProcessorContext } from "./processor-context";
import type { QuarantineWriter } from "./quarantine-writer";

/**
 * Reads a raw-logs/ object: lines are counted per service and level, bad lines quarantined,
 * and each service whose error rate is over the threshold becomes an alert.
 */
export async function readLogObject(
  ctx: ProcessorContext,
  id: ObjectIdentity,
  quarantine: QuarantineWriter,
): Promise<ReadOutcome> {
  const tally = new LogLineTally();
  const nowMs = ctx.clock().getTime();
  const out: ReadOutcome = { lines: 0, processed: 0, coerced: 0, alerts: new AlertList() };
  out.lines = await readObjectLines(ctx, id, quarantine, (line, lineNumber) => {
    const reason = tally.add(line, nowMs);
    if (!reason) {
      out.processed++;
      return undefined;
    }
    return quarantine.reject(lineNumber, line, reason);
  });
  out.services = tally.stats();
  const threshold = ctx.settings.thresholds.errorRate;
  for (const s of out.services) {
    if (s.error_rate > threshold) {
      out.alerts.add({
        resource: s.service,
        metric: ERROR_RATE_METRIC.name,
        value: s.error_rate,
        threshold,
        time: s.window_end,
      });
    }
  }
  return out;
}
