import { z } from "zod";
import { COLLECTOR_WORKFLOW_DEFAULTS as WORKFLOW } from "../contract/defaults/collector-workflow";
import { ALERTING_STACK_DEFAULTS as ALERTING } from "../contract/defaults/alerting-stack";
import {
  METRIC_STORE_DEFAULTS as STORE,
  MIN_STORAGE_DAYS,
} from "../contract/defaults/metric-store";
import { ANOMALY_DEFAULTS, ANOMALY_METRIC_NAMES } from "../contract/anomaly/settings";
import { DEFAULT_THRESHOLDS } from "../contract/thresholds";
import { collectionScheduleProblem, scheduleProblem } from "../contract/schedule";
import { LOG_RETENTION_DAYS } from "../contract/log-retention";

const percent = z.number().gt(0).max(100);
const days = z.number().int().positive();

/** AWS allows 50 tags per resource; the program adds these to every resource itself. */
/** The tags the program puts on every resource, then the stack's own. */
export function programTags(
  environment: string,
  tags: Readonly<Record<string, string>>,
): Record<string, string> {
  return { project: "infra-monitoring", environment, ...tags };
}
/** Counted against AWS's 50-tag limit with the stack's tags. */
export const PROGRAM_TAG_KEYS: readonly string[] = Object.keys(programTags("", {}));
const MAX_TAGS = 50;

/** Cross-field checks run even when a field has the wrong type, so one run shows every problem. */
const always = { when: () => true };
const isNumber = (v: unknown): v is number => typeof v === "number";

/** Pulumi config "2024" arrives as a number: a string key gets it back as the string typed. */
const text = (schema: z.ZodString) =>
  z.preprocess((v) => (typeof v === "number" || typeof v === "boolean" ? String(v) : v), schema);

const targetsSchema = z
  .strictObject({
    /** Select EC2 instances by tag: { key: "Monitoring", value: "enabled" }. */
    tag: z.strictObject({ key: z.string().min(1), value: z.string().min(1) }).optional(),
    /** Or list the instances. */
    instanceIds: z
      .array(
        z.string().regex(/^i-[0-9a-f]{8,17}$/, { error: "must be an EC2 instance id (i-...)" }),
      )
      .min(1)
      .optional(),
    /** How many fake instances the synthetic source reports. */
    syntheticInstances: z.number().int().min(1).max(100).optional(),
  })
  .refine((t) => !(t.tag && t.instanceIds), {
    error: "give either tag or instanceIds, not both",
    ...always,
  });

/** The program's config, under the `infra-monitoring:` namespace. */
export const stackConfigSchema = z
  .strictObject({
    /** Short name of the deployment, used in names and tags. */
    environment: text(
      z.string({ error: "is required (e.g. dev or prod)" }).regex(/^[a-z][a-z0-9-]{0,15}$/, {
        error: "must be 1-16 lower-case letters, digits or dashes, starting with a letter",
      }),
    ),
    schedule: text(z.string())
      .default(WORKFLOW.schedule)
      .superRefine((s, ctx) => {
        const problem = scheduleProblem(s) ?? collectionScheduleProblem(s);
        if (problem) ctx.addIssue({ code: "custom", message: `"${s}" ${problem}` });
      }),
    workflowType: z.enum(["STANDARD", "EXPRESS"]).default(WORKFLOW.workflowType),
    metricSource: z.enum(["cloudwatch", "synthetic"]).default(WORKFLOW.metricSource),
    targets: targetsSchema.default({}),
    alertEmails: z.array(z.email({ error: "must be an e-mail address" })).default([]),
    thresholds: z
      .strictObject({
        cpu: percent.default(DEFAULT_THRESHOLDS.cpu),
        memory: percent.default(DEFAULT_THRESHOLDS.memory),
        disk: percent.default(DEFAULT_THRESHOLDS.disk),
        errorRate: percent.default(DEFAULT_THRESHOLDS.errorRate),
      })
      .default(DEFAULT_THRESHOLDS),
    anomalyDetection: z
      .strictObject({
        enabled: z.boolean().default(ANOMALY_DEFAULTS.enabled),
        /** The score at or above which a point alerts; higher alerts less. */
        sensitivity: z
          .number()
          .gt(0, { error: "must be more than 0 and at most 1" })
          .max(1, { error: "must be more than 0 and at most 1" })
          .default(ANOMALY_DEFAULTS.sensitivity),
        metrics: z
          .array(
            z.enum(ANOMALY_METRIC_NAMES as [string, ...string[]], {
              error: `must be one of ${ANOMALY_METRIC_NAMES.join(", ")}`,
            }),
          )
          .min(1)
          .default([...ANOMALY_DEFAULTS.metrics]),
      })
      .prefault({}),
    retention: z
      .strictObject({
        hotTableDays: days.max(365).default(STORE.hotTableTtlDays),
        /** S3 moves objects to STANDARD_IA no sooner than 30 days. */
        lakeInfrequentAccessDays: days.min(30).default(STORE.lifecycle.infrequentAccessDays),
        /** Glacier Instant Retrieval (Glacier Flexible for raw-logs/); unset means no archive tier. */
        lakeArchiveDays: days.optional(),
        lakeExpireDays: days.default(STORE.lifecycle.expireDays),
        logDays: z
          .number()
          .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
            error: `must be one of ${LOG_RETENTION_DAYS.join(", ")}`,
          })
          .default(WORKFLOW.logRetentionDays),
      })
      // Parsed like an empty object, so the defaults above apply.
      .prefault({})
      .superRefine((r, ctx) => {
        const order = (a: keyof typeof r, b: keyof typeof r) => {
          const [x, y] = [r[a], r[b]];
          if (isNumber(x) && isNumber(y) && x >= y) {
            ctx.addIssue({
              code: "custom",
              path: [a],
              message: `must be less than ${b} (${x} >= ${y})`,
            });
          }
        };
        order("lakeInfrequentAccessDays", "lakeExpireDays");
        order("lakeInfrequentAccessDays", "lakeArchiveDays");
        order("lakeArchiveDays", "lakeExpireDays");
        // S3's minimum storage durations (contract/defaults/metric-store.ts MIN_STORAGE_DAYS).
        const gap = (a: keyof typeof r, b: keyof typeof r, days: number, why: string) => {
          const [x, y] = [r[a], r[b]];
          if (isNumber(x) && isNumber(y) && x < y && y - x < days) {
            ctx.addIssue({
              code: "custom",
              path: [b],
              message: `must be at least ${a} + ${days} (${x + days}): ${why}`,
            });
          }
        };
        const min = MIN_STORAGE_DAYS;
        gap(
          "lakeInfrequentAccessDays",
          "lakeArchiveDays",
          min.standardIa,
          "S3 refuses a Glacier transition sooner",
        );
        gap("lakeArchiveDays", "lakeExpireDays", min.glacier, "S3 bills 90 days of Glacier");
        if (r.lakeArchiveDays === undefined) {
          gap(
            "lakeInfrequentAccessDays",
            "lakeExpireDays",
            min.standardIa,
            "S3 bills 30 days of Standard-IA",
          );
        }
      }, always),
    notifyOnSuccess: z.boolean().default(WORKFLOW.notifyOnSuccess),
    /** Metrics Insights alarms on the source metrics: alerts within minutes, billed per instance. */
    fastAlerts: z.boolean().default(ALERTING.fastAlerts),
    /** Protects the table and the buckets from deletion; dev stacks turn it off. */
    deletionProtection: z.boolean().default(STORE.deletionProtection),
    tags: z
      .record(z.string().min(1).max(128), text(z.string().max(256)))
      .default({})
      .superRefine((tags, ctx) => {
        for (const key of Object.keys(tags)) {
          if (key.toLowerCase().startsWith("aws:")) {
            ctx.addIssue({
              code: "custom",
              path: [key],
              message: "tag keys starting with aws: are reserved by AWS",
            });
          }
        }
        const keys = new Set([...PROGRAM_TAG_KEYS, ...Object.keys(tags)]);
        if (keys.size > MAX_TAGS) {
          ctx.addIssue({
            code: "custom",
            message: `${keys.size} tags with the program's own (${PROGRAM_TAG_KEYS.join(", ")}); AWS allows ${MAX_TAGS} per resource`,
          });
        }
      }, always),
    monthlyBudgetUsd: z.number().positive().default(25),
    /** The fleet the lake's queries are sized for: the Athena scan cutoff follows from it. */
    fleet: z
      .strictObject({
        instances: z.number().int().min(1).max(1_000_000),
        periodSeconds: z.number().int().min(1).max(86_400).optional(),
      })
      .optional(),
  })
  .superRefine((c, ctx) => {
    // The value may be half-parsed here (a field of the wrong type): read it defensively.
    const targets: { tag?: unknown; instanceIds?: unknown } =
      typeof c.targets === "object" && c.targets !== null ? c.targets : {};
    const source = (c as { metricSource?: unknown }).metricSource ?? WORKFLOW.metricSource;
    if (source === "cloudwatch" && !targets.tag && !targets.instanceIds) {
      ctx.addIssue({
        code: "custom",
        path: ["targets"],
        message: "the cloudwatch source needs targets.tag or targets.instanceIds",
      });
    }
  }, always);

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type StackConfig = z.output<typeof stackConfigSchema>;
