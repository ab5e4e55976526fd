/**
 * Policy pack config as the Pulumi CLI reads `--policy-pack-config`: each entry is a level
 * string ("advisory", "mandatory", "remediate", "disabled") or an object with an optional
 * `enforcementLevel` and properties; `all` sets every policy's level first; each policy's
 * properties start from its schema's defaults and are validated against its `configSchema`
 * (JSON Schema, as an object with those properties). Every problem is reported at once.
 */
import Ajv from "ajv";
import type { EnforcementLevel } from "@pulumi/policy";
import { PackConfigError } from "../../contract/errors";
import type { PackConfig } from "../../policies/harness";
import type { PolicyInfo } from "./policy-runtime";

const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

// PackConfigError: see contract/errors.ts (every error class is defined there).
export { PackConfigError };

interface Entry {
  level?: EnforcementLevel;
  props: Record<string, unknown>;
}

function parseEntry(key: string, value: unknown, problems: string[]): Entry | undefined {
  if (typeof value === "string") {
    if (LEVELS.includes(value)) return { level: value as EnforcementLevel, props: {} };
    problems.push(`${key}: "${value}" is not an enforcement level (${LEVELS.join(", ")})`);
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(`${key}: must be an enforcement level string or an object`);
    return undefined;
  }
  const { enforcementLevel, ...props } = value as Record<string, unknown>;
  if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel as string)) {
    problems.push(
      `${key}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not an enforcement level (${LEVELS.join(", ")})`,
    );
    return undefined;
  }
  return { level: enforcementLevel as EnforcementLevel | undefined, props };
}

const ajv = new Ajv({ allErrors: true, strict: false });

function validate(policy: PolicyInfo, props: Record<string, unknown>, problems: string[]): void {
  const schema = policy.configSchema;
  if (!schema) return;
  const check = ajv.compile({
    type: "object",
    properties: schema.properties,
    ...(schema.required.length > 0 ? { required: schema.required } : {}),
  });
  if (check(props)) return;
  for (const e of check.errors ?? []) {
    const missing = (e.params as { missingProperty?: string }).missingProperty;
    const field = missing ?? e.instancePath.slice(1).replace(/\//g, ".");
    problems.push(`${policy.name}.${field}: ${e.message ?? "is invalid"}`);
  }
}

/**
 * The config each policy gets, from the layers given (later wins, as the CLI's initial config
 * then the user's file), or a PackConfigError naming every bad policy and field.
 */
export function resolvePackConfig(
  policies: readonly PolicyInfo[],
  ...layers: readonly Readonly<Record<string, unknown>>[]
): PackConfig {
  const problems: string[] = [];
  const result = new Map<string, Entry>();
  for (const p of policies) {
    const defaults = Object.entries(p.configSchema?.properties ?? {}).flatMap(([k, v]) =>
      typeof v === "object" && v !== null && "default" in v ? [[k, v.default] as const] : [],
    );
    result.set(p.name, { level: p.enforcementLevel, props: Object.fromEntries(defaults) });
  }
  for (const layer of layers) {
    const entries = Object.entries(layer).flatMap(([key, value]) => {
      const entry = parseEntry(key, value, problems);
      return entry ? [[key, entry] as const] : [];
    });
    const all = entries.find(([key]) => key === "all")?.[1];
    if (all?.level) for (const entry of result.values()) entry.level = all.level;
    for (const [key, given] of entries) {
      if (key === "all") continue;
      const entry = result.get(key);
      if (!entry) {
        problems.push(`${key}: no such policy in the pack`);
        continue;
      }
      if (given.level) entry.level = given.level;
      Object.assign(entry.props, given.props);
    }
  }
  for (const p of policies) validate(p, result.get(p.name)?.props ?? {}, problems);
  if (problems.length > 0) {
    throw new PackConfigError(`invalid policy pack config:\n  ${problems.join("\n  ")}`);
  }
  return Object.fromEntries(
    [...result].map(([name, e]) => [name, { enforcementLevel: e.level, ...e.props }]),
  );
}
