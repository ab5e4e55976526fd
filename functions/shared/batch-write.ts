import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { setTimeout as sleepFor } from "node:timers/promises";

/** BatchWriteItem accepts at most 25 put requests. */
const BATCH_SIZE = 25;

/**
 * The document client the handlers write hot-table items with. An item keeps its absent
 * provenance fields as undefined (one object shape, see toHotTableItem); marshalling drops them.
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

/** Thrown when DynamoDB still leaves items unprocessed after every retry. */
export class UnprocessedItemsError extends Error {
  constructor(
    readonly unwritten: number,
    readonly attempts: number,
  ) {
    super(
      `${unwritten} item(s) were not written to the hot table: still unprocessed after ${attempts} BatchWriteItem attempts`,
    );
    this.name = "UnprocessedItemsError";
  }
}

/** Any hot-table item: the key attributes and whatever else the caller stores. */
type Item = { readonly pk: string; readonly sk: string };

/**
 * Buffers items and writes them 25 at a time. Items with the same key replace each other
 * inside a batch, since DynamoDB rejects a batch that names one key twice.
 * UnprocessedItems are retried with exponential backoff and full jitter.
 */
export class BatchWriter {
  #pending = new Map<string, Item>();
  #written = 0;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: RetryOptions = {},
  ) {}

  /** Items accepted by DynamoDB so far. */
  get written(): number {
    return this.#written;
  }

  async add(item: Item): Promise<void> {
    const key = `${item.pk}\u0000${item.sk}`;
    this.#pending.set(key, item);
    if (this.#pending.size >= BATCH_SIZE) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const items = [...this.#pending.values()];
    this.#pending = new Map();
    await this.#writeBatch(items);
  }

  async #writeBatch(items: Item[]): Promise<void> {
    const maxAttempts = this.retry.maxAttempts ?? 8;
    const base = this.retry.baseDelayMs ?? 50;
    const cap = this.retry.maxDelayMs ?? 5000;
    const sleep = this.retry.sleep ?? sleepFor;
    const random = this.retry.random ?? Math.random;

    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = items.map((item) => ({
      PutRequest: { Item: item },
    }));
    for (let attempt = 1; ; attempt++) {
      const out = await this.doc.send(
        new BatchWriteCommand({ RequestItems: { [this.table]: requests } }),
      );
      const left = out.UnprocessedItems?.[this.table] ?? [];
      this.#written += requests.length - left.length;
      if (left.length === 0) return;
      if (attempt >= maxAttempts) throw new UnprocessedItemsError(left.length, attempt);
      requests = left.map((r) => ({ PutRequest: { Item: r.PutRequest?.Item ?? {} } }));
      await sleep(Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1))));
    }
  }
}

/** Writes all items and returns how many DynamoDB accepted (deduplicated by key per batch). */
export async function writeAll(
  doc: DynamoDBDocumentClient,
  table: string,
  items: Iterable<Item>,
  retry?: RetryOptions,
): Promise<number> {
  const writer = new BatchWriter(doc, table, retry);
  for (const item of items) await writer.add(item);
  await writer.flush();
  return writer.written;
}
