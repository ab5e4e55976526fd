import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import type { S3Client } from "@aws-sdk/client-s3";
import type { HandlerSettings } from "../../../contract/handler-settings";
import { cloudWatchSource } from "./cloudwatch";
import { hostSource } from "./host";
import { syntheticSource } from "./synthetic";
import { targetListReader } from "./target-list-reader";
import type { MetricSource } from "./types";

export interface SourceDeps {
  readonly region: string;
  /** Built lazily: only the cloudwatch source needs them. */
  readonly cloudwatch?: () => CloudWatchClient;
  readonly tagging?: () => ResourceGroupsTaggingAPIClient;
  /** Reads the target list object (TARGET_INSTANCE_IDS_KEY) from the lake. */
  readonly s3?: S3Client;
}

/** The source named by settings.metricSource. */
export function sourceFromSettings(settings: HandlerSettings, deps: SourceDeps): MetricSource {
  switch (settings.metricSource) {
    case "synthetic":
      return syntheticSource({ instances: settings.syntheticInstances, region: deps.region });
    case "cloudwatch": {
      if (!deps.cloudwatch || !deps.tagging) {
        throw new Error("the cloudwatch source needs CloudWatch and tagging clients");
      }
      const tag =
        settings.targetTagKey && settings.targetTagValue
          ? { key: settings.targetTagKey, value: settings.targetTagValue }
          : undefined;
      return cloudWatchSource({
        cloudwatch: deps.cloudwatch(),
        tagging: deps.tagging(),
        region: deps.region,
        instanceIds: settings.targetInstanceIds,
        loadInstanceIds:
          settings.targetInstanceIdsKey !== undefined && deps.s3
            ? targetListReader(deps.s3, settings.lakeBucket, settings.targetInstanceIdsKey)
            : undefined,
        tag,
        periodSeconds: settings.collectionPeriodSeconds,
      });
    }
    case "host":
      // Meant for the local run: in Lambda it would read the function's sandbox.
      return hostSource({ region: deps.region });
  }
}
