import { knownTagProblems, mergedTagProblems } from "../shared/tags";
import { bucketPrefixProblem } from "../shared/validation";
import type { MetricStoreArgs } from "./args";
import { existingArgProblems, type ExistingKeys, STORE_KEYS } from "./existing";
import { METRIC_STORE_DEFAULTS, MIN_STORAGE_DAYS } from "../../contract/defaults/metric-store";

/** Every problem with the args, so one run reports them all. */
export function validateMetricStoreArgs(
  name: string,
  args: MetricStoreArgs,
  keys: ExistingKeys = STORE_KEYS,
): string[] {
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
  const min = MIN_STORAGE_DAYS;
  if (lc.archiveDays !== undefined) {
    if (lc.archiveDays < lc.infrequentAccessDays + min.standardIa) {
      problems.push(
        `lifecycle.archiveDays (${lc.archiveDays}) must be at least lifecycle.infrequentAccessDays + ${min.standardIa} (${lc.infrequentAccessDays + min.standardIa}): S3 refuses a Glacier transition sooner after the Standard-IA one`,
      );
    }
    if (lc.archiveDays + min.glacier > lc.expireDays) {
      problems.push(
        `lifecycle.expireDays (${lc.expireDays}) must be at least lifecycle.archiveDays + ${min.glacier} (${lc.archiveDays + min.glacier}): S3 bills ${min.glacier} days of Glacier for every archived object`,
      );
    }
  } else if (
    lc.infrequentAccessDays < lc.expireDays &&
    lc.infrequentAccessDays + min.standardIa > lc.expireDays
  ) {
    problems.push(
      `lifecycle.expireDays (${lc.expireDays}) must be at least lifecycle.infrequentAccessDays + ${min.standardIa} (${lc.infrequentAccessDays + min.standardIa}): S3 bills ${min.standardIa} days of Standard-IA for every object moved there`,
    );
  }
  const table = args.table;
  const billing = table?.billingMode;
  if (billing !== undefined && billing !== "PAY_PER_REQUEST" && billing !== "PROVISIONED") {
    problems.push(`table.billingMode must be PAY_PER_REQUEST or PROVISIONED (got ${billing})`);
  }
  for (const key of ["readCapacity", "writeCapacity"] as const) {
    const v = table?.[key];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) {
      problems.push(`table.${key} must be a positive whole number (got ${v})`);
    }
  }
  problems.push(...existingArgProblems(args, keys));
  problems.push(...knownTagProblems("tags", args.tags));
  problems.push(...mergedTagProblems("bucket.tags", args.tags, args.bucket?.tags));
  problems.push(...mergedTagProblems("table.tags", args.tags, args.table?.tags));
  return problems;
}

/** Arguments the component cannot apply with the resources given: each is a warning. */
export function ignoredArgs(args: MetricStoreArgs): string[] {
  const given = (o: object | undefined, keys: readonly string[]) =>
    keys.filter((k) => (o as Record<string, unknown> | undefined)?.[k] !== undefined);
  const ignored: string[] = [];
  if (args.bucket?.existing || args.bucket?.existingName !== undefined) {
    const lakeKeys = ["lifecycle", "versioning", "accessLogging", "accessLogExpireDays"];
    for (const k of [
      ...given(args, lakeKeys),
      ...given(args.bucket, ["tags"]).map((k) => `bucket.${k}`),
    ]) {
      ignored.push(`${k} is ignored: bucket.existing is managed by its owner`);
    }
  }
  if (args.table?.existing) {
    const tableKeys = ["billingMode", "readCapacity", "writeCapacity", "tags"];
    for (const k of [
      ...given(args, ["pointInTimeRecovery"]),
      ...given(args.table, tableKeys).map((k) => `table.${k}`),
    ]) {
      ignored.push(`${k} is ignored: table.existing is managed by its owner`);
    }
  } else if ((args.table?.billingMode ?? "PAY_PER_REQUEST") === "PAY_PER_REQUEST") {
    for (const k of given(args.table, ["readCapacity", "writeCapacity"])) {
      ignored.push(`table.${k} is ignored: a PAY_PER_REQUEST table has no provisioned capacity`);
    }
  }
  return ignored;
}
