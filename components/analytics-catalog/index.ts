export { AnalyticsCatalog } from "./analytics-catalog";
export type { AnalyticsCatalogArgs, AnalyticsCatalogCompactionArgs } from "./args";
export { ANALYTICS_CATALOG_DEFAULTS, COMPACTION_DEFAULTS, TABLE_NAMES } from "./defaults";
export { buildCompactionDefinition } from "./compaction-definition";
export { glueColumns, hiveType, type GlueColumn } from "./columns";
export { namedQueries, QUERY_WINDOWS, type NamedQuerySpec } from "./named-queries";
