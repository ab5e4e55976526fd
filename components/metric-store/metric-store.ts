import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HOT_TABLE_KEYS } from "../../contract/hot-table";
import type { MetricStoreArgs } from "./args";
import { ignoredArgs, validateMetricStoreArgs } from "./validate";
import { withLegacyTypeAlias } from "../shared/type-token";
import { ownedOrExisting, ownedOrExistingResource } from "../shared/owned-or-existing";
import {
  isValidated,
  offSettings,
  throwIfInvalid,
  warnIgnored,
  warnWeakenedDefaults,
} from "../shared/validation";
import { createHotTable } from "./hot-table";
import { componentProvider, existingLake, existingResourcesGate, gatedOptions } from "./existing";
import { createLake } from "./lake";
import { resolveMetricStore, type ResolvedMetricStore } from "./resolve";

/** Every public property of the component: the one list it assigns and registers. */
type StoreOutputs = Omit<MetricStore, keyof pulumi.ComponentResource>;

/**
 * The pipeline's storage: the S3 lake (raw metrics, raw logs, quarantine) with its access-log
 * bucket, and the DynamoDB hot table the dashboards and recent-value queries read.
 */
export class MetricStore extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring-pipeline:index:MetricStore";

  /** The lake bucket, created or the existing one given; undefined when given by existingName. */
  declare readonly bucket?: aws.s3.Bucket;
  /** The hot table, created or the existing one given. */
  declare readonly table: aws.dynamodb.Table;
  /** The server access log bucket; undefined when access logging is off or the lake is existing. */
  declare readonly logBucket?: aws.s3.Bucket;
  /** The lake bucket's name. */
  declare readonly bucketName: pulumi.Output<string>;
  /** The lake bucket's ARN. */
  declare readonly bucketArn: pulumi.Output<string>;
  /** The server access log bucket's name; undefined when access logging is off or the lake is existing. */
  declare readonly logBucketName?: pulumi.Output<string>;
  /** The server access log bucket's ARN; undefined with logBucketName. */
  declare readonly logBucketArn?: pulumi.Output<string>;
  /** The hot table's name. */
  declare readonly tableName: pulumi.Output<string>;
  /** The hot table's ARN. */
  declare readonly tableArn: pulumi.Output<string>;
  /** The hot table's index by metric type. */
  declare readonly metricTypeIndexName: string;
  /** Days an item stays in the hot table. */
  declare readonly hotTableTtlDays: number;

  constructor(name: string, args: MetricStoreArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    // Existing resources are checked first: no child registers before they fit (a facade that
    // validated these args checks them itself).
    const site = { kind: "MetricStore", name };
    const provider = componentProvider(opts);
    const lakeRef = existingLake(site, args, provider);
    const prechecked = isValidated(args);
    const gate = prechecked ? undefined : existingResourcesGate(site, args, lakeRef, provider);
    super(
      MetricStore.TYPE,
      name,
      {},
      gatedOptions(withLegacyTypeAlias(MetricStore.TYPE, opts), gate),
    );
    if (!prechecked) {
      throwIfInvalid(this, "MetricStore", name, validateMetricStoreArgs(name, args));
    }
    const r = resolveMetricStore(name, args);
    this.warnOnWeakenedDefaults(r);
    warnIgnored(this, "MetricStore", ignoredArgs(args));
    const lake = ownedOrExisting(
      lakeRef,
      () => createLake(this, r),
      (created) => ({ bucket: created.lake.bucket, arn: created.lake.arn }),
    );
    const table = ownedOrExistingResource(args.table?.existing, () => createHotTable(this, r));
    const logBucket = lake.created?.logs;
    const outputs: StoreOutputs = {
      bucket: args.bucket?.existing ?? lake.created?.lake,
      table: table.resource,
      logBucket,
      bucketName: lake.resource.bucket,
      bucketArn: lake.resource.arn,
      logBucketName: logBucket?.bucket,
      logBucketArn: logBucket?.arn,
      tableName: table.resource.name,
      tableArn: table.resource.arn,
      metricTypeIndexName: HOT_TABLE_KEYS.metricTypeIndex,
      hotTableTtlDays: r.hotTableTtlDays,
    };
    Object.assign(this, outputs);
    this.registerOutputs(outputs);
  }

  private warnOnWeakenedDefaults(r: ResolvedMetricStore): void {
    const { versioning, accessLogging, pointInTimeRecovery, deletionProtection } = r;
    warnWeakenedDefaults(
      this,
      "MetricStore",
      offSettings({ versioning, accessLogging, pointInTimeRecovery, deletionProtection }),
    );
  }
}
