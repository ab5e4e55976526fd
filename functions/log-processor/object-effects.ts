import { PIPELINE_METRICS } from "../../contract/emitted-metrics";
import { alertIdOf, publishAlert } from "./alerts";
import type { ObjectIdentity } from "./ledger";
import type { ObjectKind, ReadOutcome } from "./object-summary";
import type { ProcessorContext } from "./processor-context";

/**
 * The object's side effects, each once per object version whatever fails afterwards:
 * the alert, then the EMF counters and error rates. The mark goes first; a failed publish
 * takes it back so the retry sends the alert.
 */
export async function applyObjectEffects(
  ctx: ProcessorContext,
  id: ObjectIdentity,
  kind: ObjectKind,
  out: ReadOutcome,
  quarantined: number,
): Promise<void> {
  const { ledger, settings, metrics } = ctx;
  if (out.alerts.total > 0 && (await ledger.mark(id, "alert"))) {
    try {
      if (settings.alertTopicArn) {
        await publishAlert(
          ctx.sns,
          settings.alertTopicArn,
          settings.environment,
          `s3://${id.bucket}/${id.key}`,
          out.alerts.listed,
          out.alerts.total,
          alertIdOf(
            [id.bucket, id.key, id.versionId, id.etag],
            out.alerts.listed,
            out.alerts.total,
          ),
        );
      } else {
        ctx.logger.warn("threshold violations, but no alert topic is configured", {
          violations: out.alerts.listed,
        });
      }
    } catch (err) {
      await ledger.unmark(id, "alert");
      throw err;
    }
  }
  if (!(await ledger.mark(id, "counters"))) return;
  for (const s of out.services ?? [])
    metrics.errorRate(s.service, s.error_rate, new Date(s.window_end));
  metrics.count(PIPELINE_METRICS.filesProcessed);
  if (kind === "metrics") {
    metrics.count(PIPELINE_METRICS.metricsProcessed, out.processed);
    metrics.count(PIPELINE_METRICS.metricsFailed, quarantined);
    metrics.count(PIPELINE_METRICS.metricsCoerced, out.coerced);
  }
  metrics.count(PIPELINE_METRICS.quarantinedLines, quarantined);
  metrics.count(PIPELINE_METRICS.thresholdViolations, out.alerts.total);
  metrics.flush();
}
