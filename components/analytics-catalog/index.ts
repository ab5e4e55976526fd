export { AnalyticsCatalog } from "./analytics-catalog";
export type {
  AnalyticsCatalogArgs,
  AnalyticsCatalogCompactionArgs,
  AnalyticsResultsBucketArgs,
  AnalyticsWorkgroupArgs,
  ProjectionYearsArgs,
} from "./args";
export {
  ANALYTICS_CATALOG_DEFAULTS,
  COMPACTION_DEFAULTS,
  TABLE_NAMES,
} from "../../contract/defaults/analytics-catalog";
export { buildCompactionDefinition } from "./compaction-definition";
export { namedQueries, QUERY_WINDOWS, type NamedQuerySpec } from "./named-queries";
// What the local twin's DuckDB lake mirrors: the tables, their columns and the SQL quoting.
export { COMPACTION_STATE_NAMES } from "./compaction-definition";
export type { GlueColumn } from "./glue-column";
export { ident, literal } from "./sql";
export { METRICS_COLUMNS, PARTITION_KEYS, QUARANTINE_COLUMNS } from "./tables";
export { CURATED_COLUMNS, CURATED_PARTITION_KEYS, parseDay } from "./curated";
