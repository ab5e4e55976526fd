import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HOT_TABLE_KEYS } from "../../functions/shared/hot-table";
import type { CheckSite } from "../shared/input-check";
import { mergeTags, type ResolvedTags } from "../shared/tags";
import type { MetricStoreTableArgs } from "./args";
import { METRIC_STORE_DEFAULTS } from "./defaults";

export interface HotTableOptions {
  readonly parent: pulumi.Resource;
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  readonly kmsKeyArn?: pulumi.Input<string>;
  readonly tags: ResolvedTags;
  /** Where `table.tags` is checked. */
  readonly site: CheckSite;
  readonly settings?: MetricStoreTableArgs;
}

/** The table with the keys, index and TTL the handlers and queries depend on. */
export function createHotTable(name: string, o: HotTableOptions): aws.dynamodb.Table {
  const s = o.settings;
  const provisioned = (s?.billingMode ?? METRIC_STORE_DEFAULTS.billingMode) === "PROVISIONED";
  // A PROVISIONED table's index needs its own capacity, or DynamoDB refuses it.
  const capacity = provisioned
    ? {
        readCapacity: s?.readCapacity ?? METRIC_STORE_DEFAULTS.provisionedCapacity,
        writeCapacity: s?.writeCapacity ?? METRIC_STORE_DEFAULTS.provisionedCapacity,
      }
    : {};
  return new aws.dynamodb.Table(
    `${name}-hot-table`,
    {
      billingMode: provisioned ? "PROVISIONED" : "PAY_PER_REQUEST",
      ...capacity,
      pointInTimeRecovery: { enabled: o.pointInTimeRecovery },
      serverSideEncryption: { enabled: true, kmsKeyArn: o.kmsKeyArn },
      deletionProtectionEnabled: o.deletionProtection,
      hashKey: HOT_TABLE_KEYS.partitionKey,
      rangeKey: HOT_TABLE_KEYS.sortKey,
      attributes: [
        { name: HOT_TABLE_KEYS.partitionKey, type: "S" },
        { name: HOT_TABLE_KEYS.sortKey, type: "S" },
        { name: HOT_TABLE_KEYS.metricTypeIndexPartitionKey, type: "S" },
        { name: HOT_TABLE_KEYS.metricTypeIndexSortKey, type: "S" },
      ],
      globalSecondaryIndexes: [
        {
          name: HOT_TABLE_KEYS.metricTypeIndex,
          keySchemas: [
            { attributeName: HOT_TABLE_KEYS.metricTypeIndexPartitionKey, keyType: "HASH" },
            { attributeName: HOT_TABLE_KEYS.metricTypeIndexSortKey, keyType: "RANGE" },
          ],
          projectionType: "ALL",
          ...capacity,
        },
      ],
      ttl: { attributeName: HOT_TABLE_KEYS.ttlAttribute, enabled: true },
      tags: mergeTags(o.site, "table.tags", o.tags, s?.tags),
    },
    { parent: o.parent },
  );
}

/** What an existing table must have for the handlers: keys, the index's keys, the TTL attribute. */
export interface TableShape {
  readonly hashKey?: string;
  readonly rangeKey?: string;
  /** Either declaration style of aws.dynamodb.Table: keySchemas, or hashKey / rangeKey. */
  readonly globalSecondaryIndexes?: {
    name: string;
    hashKey?: string;
    rangeKey?: string;
    keySchemas?: { attributeName: string; keyType: string }[];
  }[];
  readonly ttl?: { attributeName?: string; enabled?: boolean };
}

/** Every way the table differs from what the handlers write and the queries read. */
export function tableShapeProblems(t: TableShape): string[] {
  const k = HOT_TABLE_KEYS;
  const problems: string[] = [];
  if (t.hashKey !== k.partitionKey)
    problems.push(`hash key must be "${k.partitionKey}" (is "${t.hashKey}")`);
  if (t.rangeKey !== k.sortKey)
    problems.push(`range key must be "${k.sortKey}" (is "${t.rangeKey}")`);
  const index = t.globalSecondaryIndexes?.find((i) => i.name === k.metricTypeIndex);
  const keyOf = (type: "HASH" | "RANGE") =>
    index?.keySchemas?.find((s) => s.keyType === type)?.attributeName ??
    (type === "HASH" ? index?.hashKey : index?.rangeKey);
  if (!index) {
    problems.push(`global secondary index "${k.metricTypeIndex}" is missing`);
  } else if (
    keyOf("HASH") !== k.metricTypeIndexPartitionKey ||
    keyOf("RANGE") !== k.metricTypeIndexSortKey
  ) {
    problems.push(
      `index "${k.metricTypeIndex}" must have keys ${k.metricTypeIndexPartitionKey} / ${k.metricTypeIndexSortKey}`,
    );
  }
  if (t.ttl?.attributeName !== k.ttlAttribute || !t.ttl.enabled) {
    problems.push(`TTL must be enabled on "${k.ttlAttribute}"`);
  }
  return problems;
}
