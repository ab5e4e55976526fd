import { createHash } from "node:crypto";
import * as z from "zod";

/**
 * A long instance list lives in an S3 object, not in the collector's environment (Lambda keeps
 * 4 KB of variables in all: about 180 instance ids). The object's key carries the first 16 hex
 * digits of its body's SHA-256, so a changed list is a new key, and a reader can tell the body
 * is the one its configuration names.
 */
export const TARGET_LIST_PREFIX = "collector-config/";

/** The object's body: `{"instance_ids":[...]}`. */
export const targetListSchema = z.strictObject({
  instance_ids: z.array(z.string().regex(/^i-[0-9a-f]{8,17}$/)).min(1),
});

const digest = (body: string) => createHash("sha256").update(body).digest("hex").slice(0, 16);

/** The object's body for a list of instance ids. */
export function targetListBody(instanceIds: readonly string[]): string {
  return JSON.stringify({ instance_ids: instanceIds });
}

/** The object's key: `collector-config/<component>/instance-ids-<sha256 prefix>.json`. */
export function targetListKey(component: string, body: string): string {
  return `${TARGET_LIST_PREFIX}${component}/instance-ids-${digest(body)}.json`;
}

/** The ids in a body read back from `key`; throws naming what is wrong. */
export function parseTargetList(key: string, body: string): string[] {
  const expected = /-([0-9a-f]{16})\.json$/.exec(key)?.[1];
  if (expected !== digest(body)) {
    throw new Error(
      `the target list ${key} does not hold the list its key names (SHA-256 ${digest(body)}..., key ${expected ?? "has no digest"})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`the target list ${key} is not JSON`);
  }
  const parsed = targetListSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`the target list ${key} is invalid: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data.instance_ids;
}
