export { AnalyticsCatalog } from "./analytics-catalog";
export type { AnalyticsCatalogArgs } from "./args";
export { ANALYTICS_CATALOG_DEFAULTS, TABLE_NAMES } from "./defaults";
export { glueColumns, hiveType, type GlueColumn } from "./columns";
export { namedQueries, QUERY_WINDOWS, type NamedQuerySpec } from "./named-queries";
