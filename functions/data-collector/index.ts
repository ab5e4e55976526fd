import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { S3Client } from "@aws-sdk/client-s3";
import type { Context } from "aws-lambda";
import { MetricsEmitter } from "../shared/emf";
import { createLogger } from "../shared/logging";
import { withoutSdkLogger } from "../shared/sdk-client";
import { settingsFromEnv } from "../../contract/handler-settings";
import { createCollector } from "./collector";
import type { CollectorEvent } from "./event";
import { sourceFromSettings } from "./sources";

// Cold start: settings and clients are built once per execution environment.
const settings = settingsFromEnv(process.env);
const logger = createLogger("data-collector", settings.environment);
const region = process.env.AWS_REGION ?? "us-east-1";
const s3 = withoutSdkLogger(new S3Client({}));
const collector = createCollector({
  s3,
  source: sourceFromSettings(settings, {
    region,
    s3,
    cloudwatch: () => withoutSdkLogger(new CloudWatchClient({})),
    tagging: () => withoutSdkLogger(new ResourceGroupsTaggingAPIClient({})),
  }),
  settings,
  logger,
  metrics: new MetricsEmitter({ environment: settings.environment, logger }),
});

export const handler = (event: CollectorEvent | null, context?: Context) =>
  collector.collect(event, context?.awsRequestId);
