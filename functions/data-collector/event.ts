import * as z from "zod";
import { MAX_SHARDS } from "../../contract/fan-out";
import { METRIC_TYPES } from "../../contract/metric-record";

export { MAX_SHARDS };

const instant = z.iso.datetime({ offset: true });

/**
 * The collector's input. The state machine first invokes it with `action: "plan"` (the window
 * and the shards of the run), then once per metric type and shard. Without metric_type every
 * type is collected (the original schedule invoked the function with no input).
 */
export const collectorEventSchema = z
  .looseObject({
    action: z.enum(["plan", "collect"]).default("collect"),
    metric_type: z
      .enum(METRIC_TYPES, { error: `must be one of ${METRIC_TYPES.join(", ")}` })
      .optional(),
    execution_id: z.string().min(1).max(256).optional(),
    /**
     * When the run was due: EventBridge Scheduler's <aws.scheduler.scheduled-time>, or the
     * replayed run's. It fixes the window, the object keys and the point-in-time sources'
     * timestamps, so a retry or a replay reads and writes the same thing.
     */
    scheduled_time: instant.optional(),
    /** The execution's start ($$.Execution.StartTime): the scheduled time when none is given. */
    execution_start_time: instant.optional(),
    /** An explicit window (a replay of a gap, the local run's next cycle): both or neither. */
    window_start: instant.optional(),
    window_end: instant.optional(),
    /** This invocation reads the instances whose hash falls in shard_index of shard_count. */
    shard_index: z.number().int().min(0).optional(),
    shard_count: z.number().int().min(1).max(MAX_SHARDS).optional(),
  })
  .superRefine((e, ctx) => {
    if ((e.window_start === undefined) !== (e.window_end === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["window_start"],
        message: "window_start and window_end come together",
      });
    }
    if ((e.shard_index === undefined) !== (e.shard_count === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["shard_index"],
        message: "shard_index and shard_count come together",
      });
    } else if (e.shard_index !== undefined && e.shard_index >= (e.shard_count ?? 1)) {
      ctx.addIssue({
        code: "custom",
        path: ["shard_index"],
        message: `must be below shard_count (${e.shard_count})`,
      });
    }
  });

export type CollectorEvent = z.input<typeof collectorEventSchema>;
export type ParsedCollectorEvent = z.output<typeof collectorEventSchema>;
