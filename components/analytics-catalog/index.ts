export { AnalyticsCatalog } from "./analytics-catalog";
export type {
  AnalyticsCatalogArgs,
  AnalyticsResultsBucketArgs,
  AnalyticsWorkgroupArgs,
  ProjectionYearsArgs,
} from "./args";
export { ANALYTICS_CATALOG_DEFAULTS, TABLE_NAMES } from "./defaults";
export { namedQueries, QUERY_WINDOWS, type NamedQuerySpec } from "./named-queries";
