/**
 * The most shards one run fans out to. Each failed shard's outcome (error and cause) passes
 * through the Map's result: 200 of them stay far below Step Functions' 256 KB payload limit,
 * and a Standard execution's 25,000 history events hold 4 x 200 iterations. The state machine's
 * default timeout counts every round of this many shards.
 */
export const MAX_SHARDS = 200;
