import type { Shard } from "./sources/types";

/** Instances one shard reads, on average: 700 queries, a few GetMetricData calls. */
export const DEFAULT_SHARD_SIZE = 100;

/** FNV-1a of the id: stable, so an instance stays in its shard while others come and go. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Whether `instanceId` belongs to `shard`. Every id is in exactly one of the count shards. */
export function inShard(instanceId: string, shard: Shard): boolean {
  return shard.count <= 1 || fnv1a(instanceId) % shard.count === shard.index;
}

/**
 * How many shards a fleet of `instances` needs: at least one (an empty fleet's shard finds
 * nothing and says so), at most maxShards (beyond it shards grow instead).
 */
export function shardCount(instances: number, shardSize: number, maxShards: number): number {
  return Math.max(1, Math.min(maxShards, Math.ceil(instances / shardSize)));
}
