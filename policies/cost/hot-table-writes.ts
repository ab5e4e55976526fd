/**
 * The hot table's index under write load: how many write units its busiest partition takes.
 * DynamoDB serves at most 1,000 write units a second per partition, and an on-demand table at
 * most 40,000 by default (its table-level quota; faster bursts are throttled and retried, so
 * no partition sees more than its share of that). A rising sort key (the timestamp) cannot be
 * split for heat, so the partition key's values alone spread a run's writes.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 */
export const DYNAMODB_WRITE_LIMITS = Object.freeze({
  partitionUnitsPerSecond: 1000,
  onDemandTableUnitsPerSecond: 40_000,
});
/** The most host metrics of one type (disk: utilization, read bytes, write bytes). */
export const MAX_METRICS_PER_TYPE = 3;
/** The densest data the collector reads: one datapoint a minute. */
export const DENSEST_PERIOD_SECONDS = 60;

export interface IndexWriteRates {
  readonly instances: number;
  readonly shards: number;
  /** Instances in the fullest shard: the mean plus three standard deviations of the hash's spread. */
  readonly busiestShardInstances: number;
  /**
   * Write units a second on the busiest partition in a run's burst: its share of the table's
   * quota (all of it on one metric type), or the partition's items of one run if fewer.
   */
  readonly peakUnitsPerSecond: number;
  /** Write units a second on the busiest partition, averaged, at one datapoint a minute. */
  readonly sustainedUnitsPerSecond: number;
}

/**
 * The busiest index partition's write rate for a fleet whose items spread over `shards` keys a
 * type; `datapointsPerRun`: datapoints of one metric a run collects (36 for 5-minute data every
 * 3 hours), unbounded when not given.
 */
export function indexWriteRates(
  instances: number,
  shards: number,
  datapointsPerRun = Infinity,
): IndexWriteRates {
  const p = 1 / shards;
  const spread = instances * p + 3 * Math.sqrt(instances * p * (1 - p));
  const busiest = Math.min(instances, Math.ceil(spread));
  const share = instances === 0 ? 0 : busiest / instances;
  return {
    instances,
    shards,
    busiestShardInstances: busiest,
    peakUnitsPerSecond: Math.min(
      DYNAMODB_WRITE_LIMITS.onDemandTableUnitsPerSecond * share,
      busiest * MAX_METRICS_PER_TYPE * datapointsPerRun,
    ),
    sustainedUnitsPerSecond: (busiest * MAX_METRICS_PER_TYPE) / DENSEST_PERIOD_SECONDS,
  };
}
