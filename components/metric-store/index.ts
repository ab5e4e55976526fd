export { MetricStore } from "./metric-store";
export type {
  MetricStoreArgs,
  MetricStoreBucketArgs,
  MetricStoreLifecycleArgs,
  MetricStoreTableArgs,
} from "./args";
export { METRIC_STORE_DEFAULTS } from "../../contract/defaults/metric-store";
