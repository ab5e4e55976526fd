import type * as pulumi from "@pulumi/pulumi";
import type { CheckSite } from "../shared/input-check";
import { ChildNames } from "../shared/naming";
import { checkedTags, type ResolvedTags, type TagsInput } from "../shared/tags";
import { checkSite } from "../shared/validation";
import type { MetricStoreArgs, MetricStoreTableArgs } from "./args";
import { METRIC_STORE_DEFAULTS as D } from "../../contract/defaults/metric-store";
import type { Lifecycle } from "./lifecycle";

/** MetricStore's args with every default applied once: what the constructor wires. */
export interface ResolvedMetricStore {
  readonly names: ChildNames;
  /** Where an Output's problems are reported when it resolves. */
  readonly site: CheckSite;
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
  /** Known tags as given; an Output's checked when it resolves. */
  readonly tags: ResolvedTags;
  /** The lake's own tags, over `tags`: merged and checked where the bucket is created. */
  readonly bucketTags?: TagsInput;
  readonly table?: MetricStoreTableArgs;
}

/** Merges the defaults into the args: secure defaults, then the caller's choices. */
export function resolveMetricStore(name: string, args: MetricStoreArgs): ResolvedMetricStore {
  const deletionProtection = args.deletionProtection ?? D.deletionProtection;
  const site = checkSite(args, "MetricStore", name);
  return {
    names: new ChildNames(name),
    site,
    versioning: args.versioning ?? D.versioning,
    accessLogging: args.accessLogging ?? D.accessLogging,
    pointInTimeRecovery: args.pointInTimeRecovery ?? D.pointInTimeRecovery,
    deletionProtection,
    forceDestroy: !deletionProtection,
    hotTableTtlDays: args.hotTableTtlDays ?? D.hotTableTtlDays,
    lifecycle: { ...D.lifecycle, ...args.lifecycle },
    accessLogExpireDays: args.accessLogExpireDays ?? D.accessLogExpireDays,
    kmsKeyArn: args.kmsKeyArn,
    tags: checkedTags(site, args.tags),
    bucketTags: args.bucket?.tags,
    table: args.table,
  };
}
