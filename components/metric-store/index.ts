export { MetricStore } from "./metric-store";
export type { MetricStoreArgs, MetricStoreLifecycleArgs } from "./args";
export { METRIC_STORE_DEFAULTS } from "./defaults";
