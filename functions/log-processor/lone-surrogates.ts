/*
 * JSON can spell half of a UTF-16 surrogate pair ("\ud800"); JSON.parse then yields a string
 * that is not Unicode. SNS's serializer throws URIError on it (on every retry) and DynamoDB
 * refuses it, so a line carrying one is quarantined. Only an escape can produce one: bytes
 * that are not UTF-8 decode to U+FFFD.
 */

/** A \u escape of a surrogate code unit, the only way a line can carry a lone one. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /\p{Cs}/u;

function firstIn(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? path : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    if (LONE_SURROGATE.test(k)) return at;
    const found = firstIn(v, at);
    if (found) return found;
  }
  return undefined;
}

/**
 * Why the parsed line cannot be carried on, when a field name or string value of `json` (the
 * parse of `raw`) holds an unpaired surrogate; undefined otherwise (and at once for the lines
 * with no such escape, nearly all of them).
 */
export function loneSurrogateIssue(raw: string, json: unknown): string | undefined {
  if (!raw.includes("\\u") || !SURROGATE_ESCAPE.test(raw)) return undefined;
  const path = firstIn(json, "");
  return path === undefined
    ? undefined
    : `${path || "(record)"}: holds an unpaired UTF-16 surrogate (not Unicode text; SNS and DynamoDB cannot carry it)`;
}
