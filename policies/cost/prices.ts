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
  s3Put: { usd: 0.005 / 1000, per: "PUT request", source: page("s3") },
  s3Get: { usd: 0.0004 / 1000, per: "GET request", source: page("s3") },
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
  cwCompositeAlarm: { usd: 0.5, per: "composite alarm-month", source: page("cloudwatch") },
  cwDashboard: { usd: 3.0, per: "dashboard-month", source: page("cloudwatch") },
  logsIngestGb: { usd: 0.57, per: "GB ingested", source: page("cloudwatch") },
  logsStoreGbMonth: { usd: 0.03, per: "GB-month archived", source: page("cloudwatch") },
  kmsKeyMonth: { usd: 1.0, per: "customer-managed key-month", source: page("kms") },
  xrayTrace: { usd: 5.0 / 1e6, per: "trace recorded", source: page("xray") },
  athenaTbScanned: {
    usd: 5.0,
    per: "TB scanned (10 MB minimum per query)",
    source: page("athena"),
  },
} satisfies Record<string, Price>);
