import * as aws from "@pulumi/aws";
import { MonitoringPipeline } from "infra-monitoring-pipeline";

// The whole pipeline.
const pipeline = new MonitoringPipeline("monitoring", {
  environment: "dev",
  metricSource: "synthetic",
  alertEmails: ["ops@example.com"],
});

// A second one in the same account, on a lake bucket the platform team already has.
const shared = new MonitoringPipeline("shared", {
  environment: "dev",
  namePrefix: "team-lake",
  metricSource: "synthetic",
  alertEmails: ["ops@example.com"],
  existing: { lakeBucket: aws.s3.Bucket.get("team-lake", "team-lake-bucket") },
});

export const lakeBucket = pipeline.lakeBucketName;
export const dashboardUrl = pipeline.dashboardUrl;
export const sharedLake = shared.lakeBucketName;
export const collector = shared.workflow.collectorFunctionName;
