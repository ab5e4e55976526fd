import type { Context } from "aws-lambda";
import { type ObjectSummary } from "./object-summary";
import { processObject } from "./object-run";
import { type LogProcessorDeps, processorContext } from "./processor-context";
import { objectsFromEvent, type RejectedRecord } from "./s3-event";

// Defined beside the table's keys: the processor's IAM policy limits access to this partition.
export { IDEMPOTENCY_PK } from "../../contract/hot-table";
export type { LogProcessorDeps, ObjectSummary };

/** The processor's Lambda timeout: without a context, the invocation's assumed length. */
const DEFAULT_INVOCATION_MS = 300_000;

export interface LogProcessor {
  handle(
    event: unknown,
    context?: Context,
  ): Promise<{ objects: ObjectSummary[]; rejected: RejectedRecord[] }>;
}

export function createLogProcessor(deps: LogProcessorDeps): LogProcessor {
  const ctx = processorContext(deps);
  const { clock, logger } = ctx;
  return {
    async handle(event, context) {
      const now = clock().getTime();
      const deadlineMs =
        now + (context ? context.getRemainingTimeInMillis() : DEFAULT_INVOCATION_MS);
      const { refs, rejected } = objectsFromEvent(event);
      // No retry can make these readable: logged, returned, and the other records go on.
      for (const r of rejected) logger.error("event record names no readable object", { ...r });
      const objects: ObjectSummary[] = [];
      const failures: { key: string; error: unknown }[] = [];
      for (const ref of refs) {
        try {
          objects.push(await processObject(ctx, ref, deadlineMs));
        } catch (error) {
          logger.error("object failed", { bucket: ref.bucket, key: ref.key, error });
          failures.push({ key: ref.key, error });
        }
      }
      if (failures.length > 0) {
        // Failing the invocation hands the event to Lambda's retries and on-failure destination;
        // the objects that did succeed are skipped then by the ledger.
        throw new AggregateError(
          failures.map((f) => f.error),
          `${failures.length} of ${refs.length} object(s) failed: ` +
            failures.map((f) => `${f.key}: ${(f.error as Error).message}`).join("; "),
        );
      }
      return { objects, rejected };
    },
  };
}
