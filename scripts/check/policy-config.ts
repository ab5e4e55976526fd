import type { StackConfig } from "../../config/stack-config";
import type { PackConfig } from "../../policies/harness";
import { budgetConfigOf } from "./cost";
import { loadStack } from "./stack-file";

/** The policy pack config of a stack: what the budget policy needs to price it. */
export function policyPackConfigOf(config: StackConfig): PackConfig {
  return { "monthly-budget": { ...budgetConfigOf(config) } };
}

/** The same, from Pulumi.<stack>.yaml. */
export function policyPackConfigFor(stack: string): PackConfig {
  return policyPackConfigOf(loadStack(stack).config);
}
