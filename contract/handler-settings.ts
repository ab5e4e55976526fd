import * as z from "zod";
import { decodeAnomalySettings } from "./anomaly/settings";
import { DEFAULT_THRESHOLDS } from "./thresholds";

/**
 * The environment variables the handlers read. CollectorWorkflow sets exactly these names,
 * so the deployed functions and the local run configure the handlers the same way.
 */
export const HANDLER_ENV = Object.freeze({
  environment: "PIPELINE_ENVIRONMENT",
  lakeBucket: "LAKE_BUCKET",
  hotTable: "HOT_TABLE",
  hotTableTtlDays: "HOT_TABLE_TTL_DAYS",
  alertTopicArn: "ALERT_TOPIC_ARN",
  metricSource: "METRIC_SOURCE",
  targetTagKey: "TARGET_TAG_KEY",
  targetTagValue: "TARGET_TAG_VALUE",
  /** A short comma-separated list (the local run); deployed stacks use the key below. */
  targetInstanceIds: "TARGET_INSTANCE_IDS",
  /** The lake object holding the instance list (target-list.ts): read at cold start. */
  targetInstanceIdsKey: "TARGET_INSTANCE_IDS_KEY",
  syntheticInstances: "SYNTHETIC_INSTANCES",
  /** The schedule's longest gap between runs: the collection window's length for rate(). */
  collectionIntervalSeconds: "COLLECTION_INTERVAL_SECONDS",
  /** A cron() schedule (unset for rate()): each run's window starts at the firing before it. */
  collectionSchedule: "COLLECTION_SCHEDULE",
  /** The cron() schedule's IANA time zone. */
  collectionScheduleTimezone: "COLLECTION_SCHEDULE_TIMEZONE",
  /** How far behind the scheduled time the window ends (late datapoints). */
  collectionLagSeconds: "COLLECTION_LAG_SECONDS",
  /** The cloudwatch source's statistic period: 300 (basic monitoring) or 60 (detailed). */
  collectionPeriodSeconds: "COLLECTION_PERIOD_SECONDS",
  /** Instances per shard of a run's fan-out. */
  shardSize: "SHARD_SIZE",
  /** JSON of the Thresholds interface. */
  thresholds: "THRESHOLDS",
  /** `<sensitivity>:<metric>,…` when anomaly detection is on (contract/anomaly/settings.ts); unset: off. */
  anomalyDetection: "ANOMALY_DETECTION",
  /** The compaction's state machine: a late object for a compacted day starts a catch-up run. */
  compactionStateMachineArn: "COMPACTION_STATE_MACHINE_ARN",
  /** Closed days a catch-up run checks (yesterday first); older days are never re-opened. */
  compactionCatchUpDays: "COMPACTION_CATCH_UP_DAYS",
});

/** Whether `read` returns without throwing. */
function readable(read: () => unknown): boolean {
  try {
    read();
    return true;
  } catch {
    return false;
  }
}

export const handlerSettingsSchema = z.object({
  environment: z.string().min(1),
  lakeBucket: z.string().min(1),
  hotTable: z.string().min(1),
  hotTableTtlDays: z.coerce.number().int().positive().default(7),
  alertTopicArn: z.string().min(1).optional(),
  metricSource: z.enum(["cloudwatch", "synthetic", "host"]).default("cloudwatch"),
  targetTagKey: z.string().min(1).optional(),
  targetTagValue: z.string().min(1).optional(),
  /** Comma-separated. */
  targetInstanceIds: z
    .string()
    .optional()
    .transform((s) =>
      s
        ? s
            .split(",")
            .map((id) => id.trim())
            .filter(Boolean)
        : undefined,
    ),
  targetInstanceIdsKey: z.string().min(1).optional(),
  syntheticInstances: z.coerce.number().int().min(1).max(100).default(3),
  // MAX_WINDOW_SECONDS of schedule-firings.ts, written out: importing it would bundle croner
  // into the processor too (a test holds the two equal).
  collectionIntervalSeconds: z.coerce.number().int().min(60).max(90_000).default(10_800),
  // The collector reads the expression itself at cold start (createCollector), naming the
  // variable when croner cannot.
  collectionSchedule: z
    .string()
    .regex(/^cron\(.+\)$/, { message: "must be a cron() expression" })
    .optional(),
  collectionScheduleTimezone: z
    .string()
    .refine((zone) => readable(() => new Intl.DateTimeFormat("en", { timeZone: zone })), {
      message: "must be an IANA time zone such as Europe/Dublin",
    })
    .default("UTC"),
  collectionLagSeconds: z.coerce.number().int().min(0).max(3_600).default(600),
  collectionPeriodSeconds: z.coerce
    .number()
    .int()
    .min(60)
    .max(3_600)
    .refine((p) => p % 60 === 0, { message: "must be a multiple of 60" })
    .default(300),
  shardSize: z.coerce.number().int().min(1).max(1_000).default(100),
  thresholds: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return DEFAULT_THRESHOLDS;
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: 'must be JSON such as {"cpu":80,...}' });
        return z.NEVER;
      }
    })
    .pipe(
      z.object({
        cpu: z.number(),
        memory: z.number(),
        disk: z.number(),
        errorRate: z.number(),
      }),
    ),
  // Optional outside the transform: the key stays optional for callers that build settings.
  anomalyDetection: z
    .string()
    .transform((s, ctx) => {
      if (!s) return undefined;
      try {
        return decodeAnomalySettings(s);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  compactionStateMachineArn: z
    .string()
    .regex(/^arn:[\w-]+:states:[\w-]+:\d{12}:stateMachine:[\w-]{1,80}$/, {
      message: "must be a state machine ARN",
    })
    .optional(),
  // MAX_CATCH_UP_DAYS of the compaction definition, written out: handlers import no component.
  compactionCatchUpDays: z.coerce.number().int().min(1).max(62).default(30),
});

export type HandlerSettings = z.output<typeof handlerSettingsSchema>;

/** Reads the settings from an environment (process.env in Lambda); fails naming each bad variable. */
export function settingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): HandlerSettings {
  const raw = Object.fromEntries(
    Object.entries(HANDLER_ENV).map(([field, variable]) => [field, env[variable]]),
  );
  const parsed = handlerSettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const names = HANDLER_ENV as Readonly<Record<string, string>>;
  const problems = parsed.error.issues.map((i) => {
    const field = String(i.path[0] ?? "");
    return `${names[field] ?? field}: ${i.message}`;
  });
  throw new Error(`Invalid handler settings: ${problems.join("; ")}`);
}
