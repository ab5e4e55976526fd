import * as z from "zod";
import { METRIC_TYPES } from "../shared/metric-record";

/**
 * The state machine's input per branch. Without metric_type every type is collected
 * (the original schedule invoked the function with no input).
 */
export const collectorEventSchema = z.looseObject({
  metric_type: z
    .enum(METRIC_TYPES, { error: `must be one of ${METRIC_TYPES.join(", ")}` })
    .optional(),
  execution_id: z.string().min(1).max(256).optional(),
  /**
   * The execution's start ($$.Execution.StartTime). When given, it fixes the partition and
   * the record timestamps, so a retry in a later hour still overwrites the same object.
   */
  execution_start_time: z.iso.datetime({ offset: true }).optional(),
});

export type CollectorEvent = z.input<typeof collectorEventSchema>;
