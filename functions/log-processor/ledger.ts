import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createHash, randomUUID } from "node:crypto";
import { ObjectInProgressError } from "../../contract/errors";
import { HOT_TABLE_KEYS, IDEMPOTENCY_PK } from "../../contract/hot-table";

/** What names one object version, normalized: the same version always gives the same key. */
export interface ObjectIdentity {
  readonly bucket: string;
  readonly key: string;
  /** Empty when the bucket is not versioned. */
  readonly versionId: string;
  /** Without quotes: S3 events carry it bare, HeadObject and GetObject quoted. */
  readonly etag: string;
}

export const unquoteEtag = (etag: string): string => etag.replace(/^(W\/)?"|"$/g, "");

/** Side effects that must happen once per object version, each marked in its ledger record. */
export type Effect = "alert" | "counters";

// ObjectInProgressError: see contract/errors.ts (every error class is defined there).
export { ObjectInProgressError };

/** Keeps a ledger record far below DynamoDB's 400 KB item limit. */
const MAX_SUMMARY_CHARS = 100_000;

export type Claim<T> =
  | { readonly done: true; readonly summary: T }
  | {
      readonly done: false;
      /** When the first run of this version claimed it: a retry quarantines into that hour. */
      readonly firstClaimedAt: Date;
    };

const isConditionFailure = (err: unknown) => err instanceof ConditionalCheckFailedException;

/**
 * One record per object version in the hot table's idempotency partition: a lock while the
 * object is processed (expiring with the invocation's deadline, so a crashed run never blocks
 * the retry for longer), the summary once it completed, and a mark per side effect. Unlike a
 * whole-function idempotency wrapper, the marks survive a failed run: when saving the summary
 * fails after an alert went out, the retry redoes the idempotent writes but not the alert.
 */
export class ObjectLedger {
  readonly #token = randomUUID();

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly ttlDays: number,
    private readonly clock: () => Date,
  ) {}

  #key(id: ObjectIdentity) {
    const digest = createHash("sha256")
      .update(JSON.stringify([id.bucket, id.key, id.versionId, id.etag]))
      .digest("hex");
    // Hashed: an S3 key alone may be 1,024 bytes, the sort key's whole limit.
    return {
      [HOT_TABLE_KEYS.partitionKey]: IDEMPOTENCY_PK,
      [HOT_TABLE_KEYS.sortKey]: `object#${digest}`,
    };
  }

  /** Takes the object's lock until `untilMs`, or returns the summary of a completed run. */
  async claim<T>(id: ObjectIdentity, untilMs: number): Promise<Claim<T>> {
    const now = this.clock().getTime();
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.#key(id),
          UpdateExpression:
            "SET #status = :progress, lock_until = :until, lock_owner = :me, #ttl = :ttl, " +
            "object_bucket = :bucket, object_key = :key, version_id = :version, etag = :etag, " +
            "first_claimed_at = if_not_exists(first_claimed_at, :now)",
          ConditionExpression:
            "attribute_not_exists(#status) OR (#status <> :completed AND lock_until < :now)",
          ExpressionAttributeNames: { "#status": "status", "#ttl": HOT_TABLE_KEYS.ttlAttribute },
          ExpressionAttributeValues: {
            ":progress": "IN_PROGRESS",
            ":completed": "COMPLETED",
            ":until": untilMs,
            ":now": now,
            ":me": this.#token,
            ":ttl": Math.floor(now / 1000) + this.ttlDays * 86_400,
            ":bucket": id.bucket,
            ":key": id.key,
            ":version": id.versionId,
            ":etag": id.etag,
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return {
        done: false,
        firstClaimedAt: new Date(Number(out.Attributes?.first_claimed_at ?? now)),
      };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: this.#key(id), ConsistentRead: true }),
    );
    const item = out.Item ?? {};
    if (item.status === "COMPLETED") {
      return { done: true, summary: JSON.parse(String(item.summary)) as T };
    }
    throw new ObjectInProgressError(id, Number(item.lock_until));
  }

  /** Whether a run of this object version completed (a catch-up skips those). */
  async completed(id: ObjectIdentity): Promise<boolean> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: this.#key(id), ConsistentRead: true }),
    );
    return out.Item?.status === "COMPLETED";
  }

  /**
   * Marks an effect as done; false when an earlier run already did it. The mark goes first:
   * the caller undoes it with `unmark` if the effect itself then fails.
   */
  async mark(id: ObjectIdentity, effect: Effect): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.#key(id),
          UpdateExpression: "SET #effect = :at",
          ConditionExpression: "attribute_not_exists(#effect)",
          ExpressionAttributeNames: { "#effect": `effect_${effect}` },
          ExpressionAttributeValues: { ":at": this.clock().toISOString() },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async unmark(id: ObjectIdentity, effect: Effect): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: this.#key(id),
        UpdateExpression: "REMOVE #effect",
        ExpressionAttributeNames: { "#effect": `effect_${effect}` },
      }),
    );
  }

  /**
   * Stores the summary a duplicate delivery returns, and lets the lock go. A summary too big
   * for the record (a log object of many services) is stored without its per-service list.
   */
  async complete(id: ObjectIdentity, summary: { services?: unknown }): Promise<void> {
    let text = JSON.stringify(summary);
    if (text.length > MAX_SUMMARY_CHARS) {
      text = JSON.stringify({ ...summary, services: undefined, services_omitted: true });
    }
    await this.#release(id, "SET #status = :completed, summary = :summary REMOVE lock_until", {
      ":completed": "COMPLETED",
      ":summary": text,
    });
  }

  /** Extends this invocation's lock to `untilMs` (a lease kept while the object is read). */
  async renew(id: ObjectIdentity, untilMs: number): Promise<void> {
    await this.#release(id, "SET lock_until = :until", { ":until": untilMs });
  }

  /** Lets the lock go after a failed run, keeping the effect marks for the retry. */
  async abandon(id: ObjectIdentity): Promise<void> {
    await this.#release(id, "SET lock_until = :zero", { ":zero": 0 });
  }

  async #release(id: ObjectIdentity, update: string, values: Record<string, unknown>) {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: this.#key(id),
        UpdateExpression: update,
        ConditionExpression: "lock_owner = :me",
        ExpressionAttributeNames: update.includes("#status") ? { "#status": "status" } : undefined,
        ExpressionAttributeValues: { ...values, ":me": this.#token },
      }),
    );
  }
}
