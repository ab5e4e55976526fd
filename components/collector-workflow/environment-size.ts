import { HANDLER_ENV } from "../../contract/handler-settings";
import { targetListKey } from "../../contract/target-list";
import type { CollectorWorkflowArgs } from "./args";
import { resolveThresholds } from "../shared/threshold-args";
import {
  collectorEnvironment,
  type HandlerEnvironment,
  processorEnvironment,
} from "./handler-environment";
import { MAX_SHARDS } from "../../contract/fan-out";
import { COLLECTOR_WORKFLOW_DEFAULTS as D } from "../../contract/defaults/collector-workflow";

/**
 * Lambda's limit on a function's variables: 4 KB for all of them, measured as AWS reports it
 * when refusing ("String measured: {...}"), the JSON of the name-value map, in bytes.
 */
export const LAMBDA_ENVIRONMENT_BYTES = 4096;

/**
 * The longest a value known only at deploy time can be: an S3 bucket name (63), a DynamoDB
 * table name (255), an SNS topic ARN (a 256-character name behind the longest partition and
 * region); any other 256.
 */
const LONGEST_VALUE: Readonly<Record<string, number>> = {
  [HANDLER_ENV.lakeBucket]: 63,
  [HANDLER_ENV.hotTable]: 255,
  [HANDLER_ENV.alertTopicArn]: "arn:aws-iso-b:sns:us-isob-east-1:123456789012:".length + 256,
};

/** The size AWS measures, with each value not yet known at its longest. */
export function environmentBytes(env: HandlerEnvironment, extra: Record<string, string> = {}) {
  const values = Object.fromEntries(
    Object.entries({ ...extra, ...env }).map(([k, v]) => [
      k,
      typeof v === "string" ? v : "x".repeat(LONGEST_VALUE[k] ?? 256),
    ]),
  );
  return Buffer.byteLength(JSON.stringify(values), "utf8");
}

/** Instances one run reads: MAX_SHARDS shards of shardSize (20,000 by default). */
export function maxTargetInstances(args: CollectorWorkflowArgs): number {
  return MAX_SHARDS * (args.shardSize ?? D.shardSize);
}

/** The instance list's length against what one run reads; for a known list and a resolved one. */
export function targetCountProblems(
  args: CollectorWorkflowArgs,
  ids: readonly unknown[],
): string[] {
  const max = maxTargetInstances(args);
  if (ids.length <= max) return [];
  return [
    `targets.instanceIds lists ${ids.length} instances, but one run reads at most ${max} (${MAX_SHARDS} shards of shardSize ${args.shardSize ?? D.shardSize}); raise shardSize (at most 1000) or select the fleet by tag`,
  ];
}

/** The deploy-time limit on what the functions are given: 4 KB of variables. */
export function environmentProblems(name: string, args: CollectorWorkflowArgs): string[] {
  const problems: string[] = [];
  const ids = args.targets?.instanceIds;
  // The list's key has the same length whatever the list: its digest is fixed-size.
  const listKey = ids === undefined ? undefined : targetListKey(name, "");
  for (const [key, env] of [
    ["collector", collectorEnvironment(listKey, args)],
    // A threshold from an Output is measured at its longest, as any value known at deploy.
    ["processor", processorEnvironment(args, resolveThresholds(args.thresholds))],
  ] as const) {
    const bytes = environmentBytes(env, args[key]?.environment);
    if (bytes > LAMBDA_ENVIRONMENT_BYTES) {
      problems.push(
        `${key}.environment: the ${key}'s variables take ${bytes} bytes, over Lambda's ${LAMBDA_ENVIRONMENT_BYTES}-byte limit for all of them; shorten or drop extra variables`,
      );
    }
  }
  return problems;
}
