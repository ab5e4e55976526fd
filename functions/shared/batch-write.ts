import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { setTimeout as sleepFor } from "node:timers/promises";
import { UnprocessedItemsError } from "../../contract/errors";

/** BatchWriteItem accepts at most 25 put requests. */
const BATCH_SIZE = 25;

/** BatchWriteItem requests a writer keeps in flight unless told otherwise. */
export const DEFAULT_WRITE_CONCURRENCY = 32;

/**
 * The document client the hot table is read with (and the ledger written with). A field left
 * undefined is dropped when marshalled instead of failing its request.
 */
export function hotTableDocumentClient(dynamo: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
}

export interface RetryOptions {
  /** Attempts per batch, the first included. @default 8 */
  readonly maxAttempts?: number;
  /** @default 50 */
  readonly baseDelayMs?: number;
  /** @default 5000 */
  readonly maxDelayMs?: number;
  /** Injected so tests need no real waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

// UnprocessedItemsError: see contract/errors.ts (every error class is defined there).
export { UnprocessedItemsError };

/**
 * Any hot-table item in DynamoDB's wire format: the string keys and whatever else the caller
 * stores. The writer sends items as they are, with no marshalling pass of its own.
 */
export type WireItem = Readonly<Record<string, AttributeValue>> & {
  readonly pk: AttributeValue.SMember;
  readonly sk: AttributeValue.SMember;
};

export interface BatchWriterOptions<Tag> extends RetryOptions {
  /** BatchWriteItem requests in flight at once (32 x 25 items a round trip). @default 32 */
  readonly concurrency?: number;
  /**
   * Called for an item DynamoDB refuses on its own (ValidationException: a key or the item over
   * its size limit, a number out of range), with the store's message and the item's tag. Without
   * it, such a refusal fails the write.
   */
  readonly onRejected?: (item: WireItem, reason: string, tag: Tag | undefined) => void;
}

const isValidation = (err: unknown): err is Error =>
  err instanceof Error && err.name === "ValidationException";

/**
 * Buffers items and writes them 25 at a time, up to `concurrency` batches in parallel. Items
 * with the same key replace each other inside a batch, since DynamoDB rejects a batch that
 * names one key twice. UnprocessedItems are retried with exponential backoff and full jitter.
 * A batch DynamoDB refuses as invalid is split in halves until the refused item stands alone;
 * it goes to `onRejected` and every other item is written.
 */
export class BatchWriter<Tag = undefined> {
  #pending = new Map<string, { item: WireItem; tag: Tag | undefined }>();
  readonly #inFlight = new Set<Promise<void>>();
  #failure: { error: unknown } | undefined;
  #written = 0;
  readonly #concurrency: number;

  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly table: string,
    private readonly options: BatchWriterOptions<Tag> = {},
  ) {
    this.#concurrency = Math.max(1, options.concurrency ?? DEFAULT_WRITE_CONCURRENCY);
  }

  /** Items accepted by DynamoDB so far. */
  get written(): number {
    return this.#written;
  }

  /**
   * Buffers an item; returns a promise only when the caller must wait (a full batch while
   * `concurrency` are in flight), since an await per item costs as much as parsing it.
   */
  add(item: WireItem, tag?: Tag): Promise<void> | undefined {
    this.#pending.set(`${item.pk.S}\u0000${item.sk.S}`, { item, tag });
    if (this.#pending.size < BATCH_SIZE) return undefined;
    this.#launch();
    this.#throwFailure();
    return this.#inFlight.size >= this.#concurrency ? this.#drain() : undefined;
  }

  async #drain(): Promise<void> {
    while (this.#inFlight.size >= this.#concurrency) await Promise.race(this.#inFlight);
    this.#throwFailure();
  }

  /** Writes what is buffered and waits for every batch in flight. */
  async flush(): Promise<void> {
    this.#launch();
    await Promise.all(this.#inFlight);
    this.#throwFailure();
  }

  #launch(): void {
    if (this.#pending.size === 0) return;
    const entries = [...this.#pending.values()];
    this.#pending = new Map();
    const write = this.#writeSplitting(entries)
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .finally(() => this.#inFlight.delete(write));
    this.#inFlight.add(write);
  }

  #throwFailure(): void {
    if (this.#failure) throw this.#failure.error;
  }

  async #writeSplitting(entries: { item: WireItem; tag: Tag | undefined }[]): Promise<void> {
    try {
      await this.#writeBatch(entries.map((e) => e.item));
    } catch (err) {
      const { onRejected } = this.options;
      if (!isValidation(err) || !onRejected) throw err;
      const [only] = entries;
      if (entries.length === 1 && only) {
        onRejected(only.item, err.message, only.tag);
        return;
      }
      const half = Math.ceil(entries.length / 2);
      await this.#writeSplitting(entries.slice(0, half));
      await this.#writeSplitting(entries.slice(half));
    }
  }

  async #writeBatch(items: WireItem[]): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 8;
    const base = this.options.baseDelayMs ?? 50;
    const cap = this.options.maxDelayMs ?? 5000;
    const sleep = this.options.sleep ?? sleepFor;
    const random = this.options.random ?? Math.random;

    let requests: WriteRequest[] = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; ; attempt++) {
      const out = await this.dynamo.send(
        new BatchWriteItemCommand({ RequestItems: { [this.table]: requests } }),
      );
      const left = out.UnprocessedItems?.[this.table] ?? [];
      this.#written += requests.length - left.length;
      if (left.length === 0) return;
      if (attempt >= maxAttempts) throw new UnprocessedItemsError(left.length, attempt);
      requests = left;
      await sleep(Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1))));
    }
  }
}

/** Writes all items and returns how many DynamoDB accepted (deduplicated by key per batch). */
export async function writeAll(
  dynamo: DynamoDBClient,
  table: string,
  items: Iterable<WireItem>,
  retry?: RetryOptions,
): Promise<number> {
  const writer = new BatchWriter(dynamo, table, retry);
  for (const item of items) await writer.add(item);
  await writer.flush();
  return writer.written;
}
