import { bucketPrefixProblem } from "../shared/validation";
import type { MetricStoreArgs } from "./args";
import { METRIC_STORE_DEFAULTS } from "./defaults";

/** Every problem with the args, so one run reports them all. */
export function validateMetricStoreArgs(name: string, args: MetricStoreArgs): string[] {
  const problems: string[] = [];
  const nameProblem = bucketPrefixProblem(name);
  if (nameProblem) problems.push(nameProblem);
  const positive = (key: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isInteger(v) && v > 0))
      problems.push(`${key} must be a positive whole number of days (got ${v})`);
  };
  const lc = { ...METRIC_STORE_DEFAULTS.lifecycle, ...args.lifecycle };
  positive("hotTableTtlDays", args.hotTableTtlDays);
  // The same bound the stack config and CollectorWorkflow put on it: a year.
  if ((args.hotTableTtlDays ?? 0) > 365) {
    problems.push(`hotTableTtlDays must be at most 365 (got ${args.hotTableTtlDays})`);
  }
  positive("accessLogExpireDays", args.accessLogExpireDays);
  for (const [key, v] of Object.entries(lc)) positive(`lifecycle.${key}`, v);
  if (lc.infrequentAccessDays < 30) {
    problems.push(
      `lifecycle.infrequentAccessDays must be at least 30 (S3 refuses earlier Standard-IA transitions), got ${lc.infrequentAccessDays}`,
    );
  }
  if (lc.infrequentAccessDays >= lc.expireDays) {
    problems.push(
      `lifecycle.infrequentAccessDays (${lc.infrequentAccessDays}) must be less than lifecycle.expireDays (${lc.expireDays})`,
    );
  }
  if (lc.rawMetricsExpireDays > lc.expireDays) {
    problems.push(
      `lifecycle.rawMetricsExpireDays (${lc.rawMetricsExpireDays}) must be at most lifecycle.expireDays (${lc.expireDays})`,
    );
  }
  if (lc.archiveDays !== undefined) {
    if (lc.archiveDays <= lc.infrequentAccessDays) {
      problems.push(
        `lifecycle.archiveDays (${lc.archiveDays}) must be more than lifecycle.infrequentAccessDays (${lc.infrequentAccessDays})`,
      );
    }
    if (lc.archiveDays >= lc.expireDays) {
      problems.push(
        `lifecycle.archiveDays (${lc.archiveDays}) must be less than lifecycle.expireDays (${lc.expireDays})`,
      );
    }
  }
  return problems;
}
