import {
  runPolicies,
  type PackConfig,
  type ResourceInput,
  type Violation,
} from "../../policies/harness";
import { resourcePolicies, stackPolicies } from "../../policies/rules";

/** Every violation of the whole pack over `resources`. */
export function allViolations(
  resources: ResourceInput[],
  config?: PackConfig,
): Promise<Violation[]> {
  return runPolicies({ resourcePolicies, stackPolicies }, resources, config);
}

/** The messages one policy reports over `resources`, in order. */
export async function messagesOf(
  policy: string,
  resources: ResourceInput[],
  config?: PackConfig,
): Promise<string[]> {
  const violations = await allViolations(resources, config);
  return violations.filter((v) => v.policy === policy).map((v) => v.message);
}
