import type { AnalyticsCatalogArgs } from "../../../components/analytics-catalog";
import { DEFAULT_THRESHOLDS } from "../../../contract/thresholds";

export const LAKE = "lake-bucket";

/** The args MetricStore would hand over. */
export const baseArgs: AnalyticsCatalogArgs = {
  environment: "test",
  lakeBucketName: LAKE,
  lakeBucketArn: `arn:aws:s3:::${LAKE}`,
  thresholds: DEFAULT_THRESHOLDS,
};
