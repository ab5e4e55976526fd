import { scheduleProblem } from "../../contract/schedule";
import { LOG_RETENTION_DAYS } from "../../contract/log-retention";
import { knownTagProblems, mergedTagProblems } from "../shared/tags";
import { bucketPrefixProblem, thresholdProblems } from "../shared/validation";
import type { AnalyticsCatalogArgs } from "./args";
import { MAX_CATCH_UP_DAYS } from "./compaction-definition";
import {
  ANALYTICS_CATALOG_DEFAULTS,
  MAX_FLEET_INSTANCES,
  MIN_BYTES_SCANNED_CUTOFF,
} from "../../contract/defaults/analytics-catalog";

/** The Glue database name a component gets when none is given. */
export function defaultDatabaseName(name: string): string {
  return name.replace(/-/g, "_");
}

/** Every problem with the args, so one run reports them all. */
export function validateAnalyticsCatalogArgs(name: string, args: AnalyticsCatalogArgs): string[] {
  const problems: string[] = [];
  const nameProblem = bucketPrefixProblem(name);
  if (nameProblem) problems.push(nameProblem);
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(args.environment)) {
    problems.push(
      `environment "${args.environment}" must be 1-16 lower-case letters, digits or dashes, starting with a letter`,
    );
  }
  // Glue allows only these characters, and Athena needs no quoting for them.
  const database = args.databaseName ?? defaultDatabaseName(name);
  if (!/^[a-z0-9_]{1,255}$/.test(database)) {
    problems.push(`databaseName "${database}" must be lower-case letters, digits or underscores`);
  }
  problems.push(...thresholdProblems(args.thresholds ?? {}));
  const state = args.workgroup?.state;
  if (state !== undefined && state !== "ENABLED" && state !== "DISABLED") {
    problems.push(`workgroup.state must be ENABLED or DISABLED (got ${state})`);
  }
  const cutoff = args.bytesScannedCutoffPerQuery;
  if (cutoff !== undefined && !(Number.isInteger(cutoff) && cutoff >= MIN_BYTES_SCANNED_CUTOFF)) {
    problems.push(
      `bytesScannedCutoffPerQuery must be a whole number of bytes, at least ${MIN_BYTES_SCANNED_CUTOFF} (10 MiB), got ${cutoff}`,
    );
  }
  const fleet = args.fleet;
  if (fleet !== undefined) {
    const n = fleet.instances;
    if (!(Number.isInteger(n) && n >= 1 && n <= MAX_FLEET_INSTANCES)) {
      problems.push(
        `fleet.instances must be a whole number from 1 to ${MAX_FLEET_INSTANCES} (got ${n})`,
      );
    }
    const p = fleet.periodSeconds;
    if (p !== undefined && !(Number.isInteger(p) && p >= 1 && p <= 86_400)) {
      problems.push(`fleet.periodSeconds must be whole seconds from 1 to 86400 (got ${p})`);
    }
  }
  const days = args.resultsExpireDays;
  if (days !== undefined && !(Number.isInteger(days) && days > 0)) {
    problems.push(`resultsExpireDays must be a positive whole number of days (got ${days})`);
  }
  const years = { ...ANALYTICS_CATALOG_DEFAULTS.projectionYears, ...args.projectionYears };
  const isYear = (y: number) => Number.isInteger(y) && y >= 1970 && y <= 9999;
  if (!isYear(years.first) || !isYear(years.last) || years.first > years.last) {
    problems.push(
      `projectionYears must be whole years from 1970 to 9999 with first <= last (got ${years.first}-${years.last})`,
    );
  }
  const schedule = args.compaction?.schedule;
  const scheduleIssue = schedule === undefined ? undefined : scheduleProblem(schedule);
  if (scheduleIssue) problems.push(`compaction.schedule "${schedule}" ${scheduleIssue}`);
  const retention = args.compaction?.logRetentionDays;
  if (retention !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
    problems.push(
      `compaction.logRetentionDays must be a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(", ")}), got ${retention}`,
    );
  }
  const catchUp = args.compaction?.catchUpDays;
  if (
    catchUp !== undefined &&
    !(Number.isInteger(catchUp) && catchUp >= 1 && catchUp <= MAX_CATCH_UP_DAYS)
  ) {
    problems.push(
      `compaction.catchUpDays must be a whole number of days from 1 to ${MAX_CATCH_UP_DAYS} (got ${catchUp})`,
    );
  }
  if (args.engineVersion !== undefined && args.engineVersion.trim() === "") {
    problems.push("engineVersion must not be empty");
  }
  problems.push(...knownTagProblems("tags", args.tags));
  problems.push(...mergedTagProblems("resultsBucket.tags", args.tags, args.resultsBucket?.tags));
  return problems;
}
