import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { parseStackConfig } from "../../config/load";
import type { StackConfig } from "../../config/stack-config";

const ROOT = path.resolve(__dirname, "../..");

export interface StackFile {
  /** The `config:` map of Pulumi.<stack>.yaml, values as written there. */
  readonly raw: Record<string, unknown>;
  /** The same map validated as the program validates it, defaults applied. */
  readonly config: StackConfig;
}

/**
 * Reads Pulumi.<stack>.yaml once; `overrides` are config keys laid over the file's. Throws
 * StackConfigError, naming every bad key, before anything runs.
 */
export function loadStack(stack: string, overrides: Record<string, unknown> = {}): StackFile {
  const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
  const doc = parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  const raw = { ...doc?.config, ...overrides };
  // The CLI hands the program every value as a string, objects and arrays as JSON.
  const flat = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return { raw, config: parseStackConfig(flat) };
}
