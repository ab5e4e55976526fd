import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SNSClient } from "@aws-sdk/client-sns";
import type { Context } from "aws-lambda";
import { MetricsEmitter } from "../shared/emf";
import { createLogger } from "../shared/logging";
import { withoutSdkLogger } from "../shared/sdk-client";
import { settingsFromEnv } from "../../contract/handler-settings";
import { createLogProcessor } from "./processor";

// Cold start: settings and clients are built once per execution environment.
const settings = settingsFromEnv(process.env);
const logger = createLogger("log-processor", settings.environment);
const processor = createLogProcessor({
  s3: withoutSdkLogger(new S3Client({})),
  dynamo: withoutSdkLogger(new DynamoDBClient({})),
  sns: withoutSdkLogger(new SNSClient({})),
  // Only a stack with a compaction re-opens late days.
  ...(settings.compactionStateMachineArn ? { sfn: withoutSdkLogger(new SFNClient({})) } : {}),
  settings,
  logger,
  metrics: new MetricsEmitter({ environment: settings.environment, logger }),
});

export const handler = (event: unknown, context?: Context) => processor.handle(event, context);
