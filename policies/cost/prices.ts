/**
 * On-demand list prices, eu-west-1 (Ireland), USD, without free tier (an account's free tier
 * is shared with everything else in it). Taken from the AWS pricing pages named in `source`,
 * as published in 2025; re-check them when the estimate matters.
 */
export const PRICES_AS_OF = "2025-06";
export const PRICES_REGION = "eu-west-1";

export interface Price {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
}

const page = (service: string) => `https://aws.amazon.com/${service}/pricing/`;

export const PRICES = Object.freeze({
  lambdaRequest: { usd: 0.2 / 1e6, per: "request", source: page("lambda") },
  // The functions run on arm64 (Graviton), 20 % below the x86 price.
  lambdaGbSecond: { usd: 0.0000133334, per: "GB-second (arm64)", source: page("lambda") },
  sfnStandardTransition: {
    usd: 0.025 / 1000,
    per: "state transition",
    source: page("step-functions"),
  },
  sfnExpressRequest: { usd: 1.0 / 1e6, per: "request", source: page("step-functions") },
  sfnExpressGbSecond: { usd: 0.00001667, per: "GB-second", source: page("step-functions") },
  schedulerInvocation: { usd: 1.0 / 1e6, per: "invocation", source: page("eventbridge") },
  s3StandardGbMonth: { usd: 0.023, per: "GB-month", source: page("s3") },
  s3InfrequentGbMonth: {
    usd: 0.0125,
    per: "GB-month (128 KB minimum per object)",
    source: page("s3"),
  },
  s3GlacierGbMonth: { usd: 0.0036, per: "GB-month (+40 KB per object)", source: page("s3") },
  // Europe (Ireland), "Storage pricing" and "Requests & data retrievals" tabs of the page.
  s3GlacierIrGbMonth: {
    usd: 0.004,
    per: "GB-month Glacier Instant Retrieval (128 KB minimum per object)",
    source: page("s3"),
  },
  s3TransitionGlacierIr: {
    usd: 0.02 / 1000,
    per: "lifecycle transition to Glacier Instant Retrieval",
    source: page("s3"),
  },
  s3RetrievalIaGb: { usd: 0.01, per: "GB retrieved from Standard-IA", source: page("s3") },
  s3RetrievalGlacierIrGb: {
    usd: 0.03,
    per: "GB retrieved from Glacier Instant Retrieval",
    source: page("s3"),
  },
  s3Put: { usd: 0.005 / 1000, per: "PUT request", source: page("s3") },
  s3Get: { usd: 0.0004 / 1000, per: "GET request", source: page("s3") },
  // S3 bills LIST at the PUT, COPY, POST price.
  s3List: { usd: 0.005 / 1000, per: "LIST request", source: page("s3") },
  s3TransitionIa: {
    usd: 0.01 / 1000,
    per: "lifecycle transition to Standard-IA",
    source: page("s3"),
  },
  s3TransitionGlacier: {
    usd: 0.03 / 1000,
    per: "lifecycle transition to Glacier",
    source: page("s3"),
  },
  dynamoWrite: {
    usd: 0.7069 / 1e6,
    per: "write request unit (on-demand)",
    source: page("dynamodb"),
  },
  dynamoRead: {
    usd: 0.1413 / 1e6,
    per: "read request unit (on-demand)",
    source: page("dynamodb"),
  },
  dynamoGbMonth: { usd: 0.283, per: "GB-month stored", source: page("dynamodb") },
  dynamoPitrGbMonth: {
    usd: 0.2264,
    per: "GB-month (point-in-time recovery)",
    source: page("dynamodb"),
  },
  cwMetricMonth: {
    usd: 0.3,
    per: "custom metric-month (prorated by the hour)",
    source: page("cloudwatch"),
  },
  cwAlarmMetric: {
    usd: 0.1,
    per: "standard-resolution alarm metric-month",
    source: page("cloudwatch"),
  },
  // Metrics Insights query alarms are billed like standard alarms, per metric the query
  // analyzes (each instance's CPUUtilization is one), and are outside the free tier's 10 alarm
  // metrics. Per-instance alarms cost the same per metric but need the fleet known at deploy
  // time; the query alarm follows instances as they come and go, so it is the one used.
  cwInsightsAlarmMetric: {
    usd: 0.1,
    per: "metric analyzed by a Metrics Insights query alarm, per month",
    source: page("cloudwatch"),
  },
  cwGetMetricData: {
    usd: 0.01 / 1000,
    per: "metric requested by GetMetricData",
    source: page("cloudwatch"),
  },
  cwCompositeAlarm: { usd: 0.5, per: "composite alarm-month", source: page("cloudwatch") },
  cwDashboard: { usd: 3.0, per: "dashboard-month", source: page("cloudwatch") },
  logsIngestGb: { usd: 0.57, per: "GB ingested", source: page("cloudwatch") },
  logsStoreGbMonth: { usd: 0.03, per: "GB-month archived", source: page("cloudwatch") },
  snsPublish: { usd: 0.5 / 1e6, per: "SNS publish request", source: page("sns") },
  snsEmail: { usd: 2.0 / 100_000, per: "SNS e-mail delivery", source: page("sns") },
  // The Resource Groups Tagging API (GetResources) has no charge.
  taggingRequest: {
    usd: 0,
    per: "GetResources request",
    source: "https://aws.amazon.com/resourcegroups/",
  },
  kmsKeyMonth: { usd: 1.0, per: "customer-managed key-month", source: page("kms") },
  xrayTrace: { usd: 5.0 / 1e6, per: "trace recorded", source: page("xray") },
  athenaTbScanned: {
    usd: 5.0,
    per: "TB scanned (10 MB minimum per query)",
    source: page("athena"),
  },
} satisfies Record<string, Price>);
