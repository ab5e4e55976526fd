import { parseStackConfig } from "../../config/load";
import type { PackConfig } from "../../policies/harness";
import { budgetConfigOf } from "./cost";
import { readStackConfig } from "./stack-file";

/** Pulumi.<stack>.yaml's config map with values as the CLI hands them over (strings, JSON). */
export function flatStackConfig(raw: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

/** The policy pack config of a stack: what the budget policy needs to price it. */
export function policyPackConfigFor(
  stack: string,
  overrides: Record<string, unknown> = {},
): PackConfig {
  const config = parseStackConfig(flatStackConfig({ ...readStackConfig(stack), ...overrides }));
  return { "monthly-budget": { ...budgetConfigOf(config) } };
}
