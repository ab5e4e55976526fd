/**
 * The public API: the MonitoringPipeline facade, the four components it composes, the
 * OrganizationAccess layout beside it, and each one's pure args validation. The record schemas are on the `/schemas` subpath, so the main
 * entry's types never reach zod's.
 */
export * from "./monitoring-pipeline";
export * from "./metric-store";
export * from "./analytics-catalog";
export * from "./alerting-stack";
export * from "./collector-workflow";
export * from "./organization-access";
export type { ThresholdArgs } from "./shared/threshold-args";
export { validateMetricStoreArgs } from "./metric-store/validate";
export { validateCollectorWorkflowArgs } from "./collector-workflow/validate";
export { validateAlertingStackArgs } from "./alerting-stack/validate";
export { validateAnalyticsCatalogArgs } from "./analytics-catalog/validate";
export { validateOrganizationAccessArgs } from "./organization-access/validate";
