/**
 * The public API: the components another Pulumi project composes, and the record schemas
 * its own code can validate with.
 */
export * from "./metric-store";
export * from "./analytics-catalog";
export * from "./alerting-stack";
export * from "./collector-workflow";
export {
  metricRecordSchema,
  validateMetricRecord,
  METRIC_TYPES,
  type MetricRecord,
  type MetricRecordInput,
  type MetricType,
} from "../functions/shared/metric-record";
export { logLineSchema, type LogLine, type LogLineInput } from "../functions/shared/log-line";
export { DEFAULT_THRESHOLDS, type Thresholds } from "../functions/shared/thresholds";
export { HOT_TABLE_KEYS } from "../functions/shared/hot-table";
