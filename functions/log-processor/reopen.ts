import { StartExecutionCommand } from "@aws-sdk/client-sfn";
import { createHash } from "node:crypto";
import { LAKE_PREFIXES } from "../../contract/lake";
import type { ObjectIdentity } from "./ledger";
import type { ProcessorContext } from "./processor-context";

const DAY_MS = 86_400_000;
/** The compaction's default window (its catchUpDays). */
const DEFAULT_CATCH_UP_DAYS = 30;
/** Late objects within one slot share a catch-up run: a backfill starts a handful, not one each. */
export const REOPEN_SLOT_MINUTES = 15;
const PARTITION_DAY = /^year=(\d{4})\/month=(\d{2})\/day=(\d{2})\//;

/**
 * The UTC day (midnight, epoch ms) of a raw-metrics/ key's partition, or undefined for a key
 * outside the layout (a hand-placed object). The compaction counts a day's objects by this
 * prefix, so the key, not the records' timestamps, decides which day grew.
 */
export function partitionDayMs(key: string): number | undefined {
  if (!key.startsWith(LAKE_PREFIXES.metrics)) return undefined;
  const m = PARTITION_DAY.exec(key.slice(LAKE_PREFIXES.metrics.length));
  if (!m) return undefined;
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(day);
  // Date.UTC rolls day=31 of a 30-day month over: such a prefix is no day the compaction knows.
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 ? day : undefined;
}

/**
 * Days before yesterday are compacted and read from Parquet only: an object landing in one
 * after its compaction is missing from every answer until a run re-compacts the day. Yesterday
 * and today are read from raw, so they need nothing. Days past the catch-up window are never
 * compacted again (their raw objects expire first).
 */
export function needsReopen(dayMs: number, now: Date, catchUpDays: number): boolean {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const daysAgo = Math.round((today - dayMs) / DAY_MS);
  return daysAgo >= 2 && daysAgo <= catchUpDays;
}

/** The catch-up run's execution name: one per slot, so a burst of late objects starts one run. */
export function reopenExecutionName(now: Date): string {
  const slot = new Date(now.getTime() - (now.getTime() % (REOPEN_SLOT_MINUTES * 60_000)));
  return `late-objects-${slot.toISOString().slice(0, 16).replace(/[-:]/g, "")}`;
}

const alreadyExists = (err: unknown) => (err as Error).name === "ExecutionAlreadyExists";

/**
 * Starts the compaction's catch-up run (its schedule's input, `{}`) when the object landed in
 * a day already compacted: the run re-compacts every day whose raw objects outnumber its
 * marker. A second start of the slot's name while that run is going returns it (the debounce);
 * once it has ended, Step Functions refuses the name, and the object starts a run of its own,
 * since the ended run may have counted the day before it landed. A failure is logged, not
 * thrown: the object is in the lake, and the nightly run re-opens the day.
 */
export async function reopenDayOf(
  ctx: ProcessorContext,
  id: ObjectIdentity,
): Promise<string | undefined> {
  const { sfn, settings } = ctx;
  const day = partitionDayMs(id.key);
  const now = ctx.clock();
  const arn = settings.compactionStateMachineArn;
  if (!arn || !sfn || day === undefined) return undefined;
  if (!needsReopen(day, now, settings.compactionCatchUpDays ?? DEFAULT_CATCH_UP_DAYS))
    return undefined;
  const slot = reopenExecutionName(now);
  const own = `${slot}-${createHash("sha256")
    .update(JSON.stringify([id.bucket, id.key, id.versionId, id.etag]))
    .digest("hex")
    .slice(0, 16)}`;
  const log = { key: id.key, day: new Date(day).toISOString().slice(0, 10) };
  const start = (name: string) =>
    sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: "{}" }));
  try {
    await start(slot).catch((err: unknown) =>
      alreadyExists(err) ? start(own) : Promise.reject(err),
    );
    ctx.logger.info("late object: its day is re-opened by a catch-up run", log);
  } catch (err) {
    // This object's own run exists: an earlier attempt of this invocation started it.
    if (!alreadyExists(err)) {
      ctx.logger.warn("late object: no catch-up run started; the nightly run re-opens its day", {
        ...log,
        error: err,
      });
      return undefined;
    }
  }
  return log.day;
}
