import * as z from "zod";

/**
 * One line of a quarantine/<original key>.errors.jsonl object: a bad input line, kept verbatim
 * with why it was rejected. The Glue quarantine table's columns are derived from this schema,
 * so the processor writing it and Athena reading it cannot drift apart.
 */
export const quarantineLineSchema = z.object({
  /** The lake key of the object the line came from (raw-metrics/… or raw-logs/…). */
  source_key: z.string().min(1),
  /** 1-based line number in the source object. */
  line_number: z.number().int().positive(),
  /** The line exactly as read, so it can be fixed and replayed. */
  raw_line: z.string(),
  /** Every problem, "field.path: message", joined with "; ". */
  reason: z.string().min(1),
  /** When the processor rejected the line (ISO-8601 UTC). */
  quarantined_at: z.iso.datetime(),
});

export type QuarantineLine = z.output<typeof quarantineLineSchema>;
