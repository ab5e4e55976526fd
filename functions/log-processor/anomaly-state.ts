import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ANOMALY_PK_PREFIX } from "../../contract/anomaly/settings";
import { HOT_TABLE_KEYS } from "../../contract/hot-table";

export { ANOMALY_PK_PREFIX };

/** The state item's sort key (the table has one; a series has one item). */
export const ANOMALY_SK = "STATE";
/** BatchGetItem reads at most 100 keys a call. */
const BATCH_GET_KEYS = 100;
/** Rounds of UnprocessedKeys retried before the object fails (and Lambda retries it). */
const BATCH_GET_ROUNDS = 8;

/** A metric name holds no `#`, so the last `#` splits the key unambiguously. */
export const anomalyKey = (instanceId: string, metric: string): string =>
  `${ANOMALY_PK_PREFIX}${instanceId}#${metric}`;

/** An anomaly found but perhaps not yet published: kept on the item until SNS took it. */
export interface PendingAlert {
  readonly id: string;
  readonly instance: string;
  readonly metric: string;
  readonly score: number;
  readonly value: number;
  readonly time: string;
  readonly baselineMean: number;
  readonly baselineStd: number;
  readonly windowStart: string;
  readonly windowEnd: string;
}

/** One series' stored item. */
export interface StoredState {
  /** `serializeState`'s string. */
  readonly state: string;
  /** Raised by one on every write: the write is conditional on the version read. */
  readonly version: number;
  /** The last object version applied: a re-delivery of it changes nothing. */
  readonly lastObject: string;
  readonly pendingAlert?: PendingAlert;
}

const keyOf = (pk: string) => ({
  [HOT_TABLE_KEYS.partitionKey]: pk,
  [HOT_TABLE_KEYS.sortKey]: ANOMALY_SK,
});

/** Reads the items of `pks` (strongly consistent), 100 keys a call; absent series are absent. */
export async function readStates(
  doc: DynamoDBDocumentClient,
  table: string,
  pks: readonly string[],
): Promise<Map<string, StoredState>> {
  const found = new Map<string, StoredState>();
  for (let i = 0; i < pks.length; i += BATCH_GET_KEYS) {
    let keys: Record<string, unknown>[] = pks.slice(i, i + BATCH_GET_KEYS).map(keyOf);
    for (let round = 0; keys.length > 0; round++) {
      if (round === BATCH_GET_ROUNDS) throw new Error(`${keys.length} anomaly states unread`);
      if (round > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** round * Math.random()));
      const out = await doc.send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: keys, ConsistentRead: true } },
        }),
      );
      for (const item of out.Responses?.[table] ?? []) {
        const pk = item[HOT_TABLE_KEYS.partitionKey] as string;
        found.set(pk, {
          state: item.state as string,
          version: item.version as number,
          lastObject: item.last_object as string,
          ...(item.pending_alert ? { pendingAlert: item.pending_alert as PendingAlert } : {}),
        });
      }
      keys = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

export interface StateWrite {
  readonly pk: string;
  readonly state: string;
  readonly lastObject: string;
  readonly pendingAlert?: PendingAlert;
  /** Epoch seconds: a series silent past the hot table's TTL starts afresh. */
  readonly expiresAt: number;
}

/**
 * Writes a series' next state if nobody wrote since `readVersion` was read (undefined: the
 * item must not exist). False when another object won the race: read again and redo.
 */
export async function writeState(
  doc: DynamoDBDocumentClient,
  table: string,
  w: StateWrite,
  readVersion: number | undefined,
): Promise<boolean> {
  const set = "SET #s = :s, version = :next, last_object = :o, #ttl = :ttl";
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: keyOf(w.pk),
        // Without an alert of its own a write keeps the item's pending one: it is published
        // (and cleared) by whoever reads it next, so a crash between write and publish loses none.
        UpdateExpression: w.pendingAlert ? `${set}, pending_alert = :a` : set,
        ConditionExpression:
          readVersion === undefined ? "attribute_not_exists(#pk)" : "version = :read",
        ExpressionAttributeNames: {
          "#s": "state",
          "#ttl": HOT_TABLE_KEYS.ttlAttribute,
          ...(readVersion === undefined ? { "#pk": HOT_TABLE_KEYS.partitionKey } : {}),
        },
        ExpressionAttributeValues: {
          ":s": w.state,
          ":next": (readVersion ?? 0) + 1,
          ":o": w.lastObject,
          ":ttl": w.expiresAt,
          ...(readVersion === undefined ? {} : { ":read": readVersion }),
          ...(w.pendingAlert ? { ":a": w.pendingAlert } : {}),
        },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** Marks a pending alert published; a no-op when the item moved on (the state stays as it is). */
export async function clearPendingAlert(
  doc: DynamoDBDocumentClient,
  table: string,
  pk: string,
  alertId: string,
): Promise<void> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: keyOf(pk),
        UpdateExpression: "REMOVE pending_alert",
        ConditionExpression: "pending_alert.id = :id",
        ExpressionAttributeValues: { ":id": alertId },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}
