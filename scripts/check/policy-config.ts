import type { StackConfig } from "../../config/stack-config";
import type { PackConfig } from "../../policies/harness";
import { budgetConfigOf } from "./cost";
import { loadStack } from "./stack-file";

/**
 * The policy pack config of a stack: what the budget policy needs to price it, and the fleet
 * the scan rule sizes the queries for (`instances`, else the stack's own fleet).
 */
export function policyPackConfigOf(config: StackConfig, instances?: number): PackConfig {
  const fleet = instances ?? config.fleet?.instances;
  return {
    "monthly-budget": { ...budgetConfigOf(config) },
    ...(fleet !== undefined ? { "athena-scan-cutoff": { instances: fleet } } : {}),
  };
}

/** The same, from Pulumi.<stack>.yaml. */
export function policyPackConfigFor(stack: string): PackConfig {
  return policyPackConfigOf(loadStack(stack).config);
}
