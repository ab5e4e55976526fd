import { setTimeout as sleepFor } from "node:timers/promises";

export interface TransientRetry {
  /** Attempts, the first included. @default 3 */
  readonly attempts?: number;
  /** Wait before the second attempt, doubled after each. @default 200 */
  readonly baseDelayMs?: number;
  /** Injected so tests need no real waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const TRANSIENT_NAMES = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
  "InternalError",
  "InternalFailure",
  "InternalServiceError",
  "ServiceUnavailable",
  "RequestTimeout",
  "TimeoutError",
]);
const TRANSIENT_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT"]);

/**
 * Throttling, a 5xx answer or a dropped connection: worth another attempt. A 4xx (bad
 * request, access denied) fails the same way again, so it is not retried.
 */
export function isTransient(err: unknown): boolean {
  const e = err as {
    name?: string;
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  if (e?.$retryable) return true;
  if (TRANSIENT_NAMES.has(e?.name ?? "") || TRANSIENT_CODES.has(e?.code ?? "")) return true;
  return (e?.$metadata?.httpStatusCode ?? 0) >= 500;
}

/**
 * Runs `op`, again after a transient failure, up to `attempts` times. On top of the SDK's own
 * quick retries: a longer backoff that outlasts a short throttling episode.
 */
export async function retryTransient<T>(op: () => Promise<T>, options: TransientRetry = {}) {
  const attempts = options.attempts ?? 3;
  const sleep = options.sleep ?? sleepFor;
  let delay = options.baseDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (attempt >= attempts || !isTransient(err)) throw err;
      await sleep(delay);
      delay *= 2;
    }
  }
}
