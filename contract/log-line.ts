import * as z from "zod";

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const levelAliases: Readonly<Record<string, LogLevel>> = { WARNING: "WARN", CRITICAL: "FATAL" };

/**
 * One application log line under raw-logs/. Unknown fields are kept: they are the
 * application's own context and may matter during triage.
 */
export const logLineSchema = z.looseObject({
  timestamp: z.iso.datetime({ error: "must be an ISO-8601 UTC timestamp ending in Z" }),
  service: z.string({ error: "is required" }).min(1, { error: "is required" }),
  level: z
    .string({ error: "is required" })
    .transform((l) => l.trim().toUpperCase())
    .transform((l) => levelAliases[l] ?? l)
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })),
  message: z.string({ error: "is required" }),
  request_id: z.string().min(1).optional(),
});

export type LogLineInput = z.input<typeof logLineSchema>;
export type LogLine = z.output<typeof logLineSchema>;

/** Levels that count towards a service's error rate. */
export const ERROR_LEVELS: ReadonlySet<LogLevel> = new Set(["ERROR", "FATAL"]);
