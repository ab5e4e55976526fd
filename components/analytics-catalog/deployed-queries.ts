import type * as pulumi from "@pulumi/pulumi";
import type { Thresholds } from "../../contract/thresholds";
import { allThresholds, THRESHOLD_KEYS, type ThresholdInputs } from "../shared/threshold-args";
import { namedQueries, type NamedQueriesOptions, type NamedQuerySpec } from "./named-queries";

type QueryOptions = Omit<NamedQueriesOptions, "thresholds">;

/** The queries with each threshold known now; one from an Output is written as its marker. */
export function plannedQueries(
  options: QueryOptions,
  thresholds: ThresholdInputs,
): NamedQuerySpec[] {
  const values = Object.fromEntries(
    THRESHOLD_KEYS.map((key) => {
      const v = thresholds[key];
      return [key, typeof v === "number" ? v : null];
    }),
  ) as Record<keyof Thresholds, number | null>;
  return namedQueries({ ...options, thresholds: values });
}

/**
 * The SQL a named query deploys: the planned one, or, when it shows a threshold from an
 * Output, the same query built when the thresholds resolve (secret if one is).
 */
export function deployedSql(
  query: NamedQuerySpec,
  options: QueryOptions,
  thresholds: ThresholdInputs,
): pulumi.Input<string> {
  if (!query.sql.includes("{thresholds.")) return query.sql;
  return allThresholds(thresholds).apply(
    (t) =>
      namedQueries({ ...options, thresholds: t }).find((q) => q.name === query.name)?.sql ?? "",
  );
}
