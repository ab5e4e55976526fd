import type * as pulumi from "@pulumi/pulumi";
import { ChildNames } from "../shared/naming";
import type { MetricStoreArgs, MetricStoreTableArgs } from "./args";
import { METRIC_STORE_DEFAULTS as D } from "../../contract/defaults/metric-store";
import type { Lifecycle } from "./lifecycle";

/** MetricStore's args with every default applied once: what the constructor wires. */
export interface ResolvedMetricStore {
  readonly names: ChildNames;
  readonly versioning: boolean;
  readonly accessLogging: boolean;
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  /** Let `pulumi destroy` delete buckets that still hold objects: only without protection. */
  readonly forceDestroy: boolean;
  readonly hotTableTtlDays: number;
  readonly lifecycle: Lifecycle;
  readonly accessLogExpireDays: number;
  readonly kmsKeyArn?: pulumi.Input<string>;
  readonly tags: Record<string, string>;
  readonly bucketTags?: Record<string, string>;
  readonly table?: MetricStoreTableArgs;
}

/** Merges the defaults into the args: secure defaults, then the caller's choices. */
export function resolveMetricStore(name: string, args: MetricStoreArgs): ResolvedMetricStore {
  const deletionProtection = args.deletionProtection ?? D.deletionProtection;
  return {
    names: new ChildNames(name),
    versioning: args.versioning ?? D.versioning,
    accessLogging: args.accessLogging ?? D.accessLogging,
    pointInTimeRecovery: args.pointInTimeRecovery ?? D.pointInTimeRecovery,
    deletionProtection,
    forceDestroy: !deletionProtection,
    hotTableTtlDays: args.hotTableTtlDays ?? D.hotTableTtlDays,
    lifecycle: { ...D.lifecycle, ...args.lifecycle },
    accessLogExpireDays: args.accessLogExpireDays ?? D.accessLogExpireDays,
    kmsKeyArn: args.kmsKeyArn,
    tags: args.tags ?? {},
    bucketTags: args.bucket?.tags,
    table: args.table,
  };
}
