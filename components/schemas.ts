/**
 * `infra-monitoring-pipeline/schemas`: the record schemas (zod) another project's code can
 * validate with, and the constants they share with the components.
 */
export {
  metricRecordSchema,
  validateMetricRecord,
  METRIC_TYPES,
  type MetricRecord,
  type MetricRecordInput,
  type MetricType,
} from "../contract/metric-record";
export { logLineSchema, type LogLine, type LogLineInput } from "../contract/log-line";
export { DEFAULT_THRESHOLDS, type Thresholds } from "../contract/thresholds";
export { HOT_TABLE_KEYS } from "../contract/hot-table";
export { glueColumns, hiveType, type GlueColumn } from "./analytics-catalog/columns";
