import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HOT_TABLE_KEYS } from "../../contract/hot-table";
import { mergeTags } from "../shared/tags";
import { METRIC_STORE_DEFAULTS } from "../../contract/defaults/metric-store";
import type { ResolvedMetricStore } from "./resolve";

/** The table with the keys, index and TTL the handlers and queries depend on. */
export function createHotTable(
  parent: pulumi.Resource,
  r: ResolvedMetricStore,
): aws.dynamodb.Table {
  const s = r.table;
  const provisioned = (s?.billingMode ?? METRIC_STORE_DEFAULTS.billingMode) === "PROVISIONED";
  // A PROVISIONED table's index needs its own capacity, or DynamoDB refuses it.
  const capacity = provisioned
    ? {
        readCapacity: s?.readCapacity ?? METRIC_STORE_DEFAULTS.provisionedCapacity,
        writeCapacity: s?.writeCapacity ?? METRIC_STORE_DEFAULTS.provisionedCapacity,
      }
    : {};
  const logical = r.names.logical("hot-table");
  return new aws.dynamodb.Table(
    logical,
    {
      ...r.names.autoNamed("dynamodbTable", logical),
      billingMode: provisioned ? "PROVISIONED" : "PAY_PER_REQUEST",
      ...capacity,
      pointInTimeRecovery: { enabled: r.pointInTimeRecovery },
      serverSideEncryption: { enabled: true, kmsKeyArn: r.kmsKeyArn },
      deletionProtectionEnabled: r.deletionProtection,
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
      tags: mergeTags(r.site, "table.tags", r.tags, s?.tags),
    },
    { parent },
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
