export { AnalyticsCatalog } from "./analytics-catalog";
export type {
  AnalyticsCatalogArgs,
  AnalyticsCatalogCompactionArgs,
  AnalyticsResultsBucketArgs,
  AnalyticsWorkgroupArgs,
  ProjectionYearsArgs,
} from "./args";
export { ANALYTICS_CATALOG_DEFAULTS, COMPACTION_DEFAULTS, TABLE_NAMES } from "./defaults";
export { buildCompactionDefinition } from "./compaction-definition";
export { namedQueries, QUERY_WINDOWS, type NamedQuerySpec } from "./named-queries";
