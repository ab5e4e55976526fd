import * as pulumi from "@pulumi/pulumi";
import type { CollectorWorkflowArgs } from "../../../components/collector-workflow";
import { ACCOUNT_ID, REGION } from "../../helpers/pulumi-mocks";

/** A stand-in package: bundling the real handlers is covered by the default-code test. */
export const TEST_ARCHIVE = new pulumi.asset.AssetArchive({
  "index.mjs": new pulumi.asset.StringAsset("export const handler = async () => ({});"),
});

export const LAKE_ARN = "arn:aws:s3:::lake-bucket";
export const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/hot-table`;
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:alerts`;

export const arn = Object.freeze({
  logGroup: (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${name}`,
  fn: (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`,
  queue: (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`,
  stateMachine: (name: string) => `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:${name}`,
  role: (name: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`,
});

/** The args MetricStore and AlertingStack would hand over, with stand-in packages. */
export function workflowArgs(
  overrides: Partial<CollectorWorkflowArgs> = {},
): CollectorWorkflowArgs {
  return {
    environment: "test",
    lakeBucketName: "lake-bucket",
    lakeBucketArn: LAKE_ARN,
    tableName: "hot-table",
    tableArn: TABLE_ARN,
    hotTableTtlDays: 7,
    alertTopicArn: TOPIC_ARN,
    targets: { tag: { key: "Monitoring", value: "enabled" } },
    tags: { project: "test" },
    ...overrides,
    collector: { code: TEST_ARCHIVE, ...overrides.collector },
    processor: { code: TEST_ARCHIVE, ...overrides.processor },
  };
}
