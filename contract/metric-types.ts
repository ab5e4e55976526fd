/**
 * The metric types, apart from the record schema: the components' public types name them, and
 * a consumer's compiler must not reach zod's declarations through them.
 */
export const METRIC_TYPES = ["cpu", "memory", "disk", "network"] as const;
export type MetricType = (typeof METRIC_TYPES)[number];
