/**
 * The offline check of one stack: run the program under mocks with the stack's config, feed
 * what it registers to the policy pack's rules, print the plan, the violations and the cost.
 */
import { runResourcePolicies, runStackPolicies, type Violation } from "../../policies/harness";
import { resourcePolicies, stackPolicies } from "../../policies/rules";
import { estimateFor, formatCost } from "./cost";
import { formatPlan } from "./plan";
import { policyPackConfigOf } from "./policy-config";
import { runProgram } from "./run-program";
import { loadStack } from "./stack-file";

export interface CheckOptions {
  readonly stack: string;
  /** Config keys laid over the stack file's (tests use it for deliberately bad settings). */
  readonly configOverrides?: Record<string, unknown>;
  /** The fleet size to price. @default the stack's (assumed when targets are chosen by tag) */
  readonly instances?: number;
  /** The program to run; the repository's index.ts by default. */
  readonly program?: () => unknown;
}

export interface CheckResult {
  readonly exitCode: number;
  readonly output: string;
  readonly violations: readonly Violation[];
  readonly totalUsd: number;
}

async function defaultProgram(): Promise<() => unknown> {
  const mod = (await import("../../index.js")) as unknown as { default?: () => unknown };
  return (mod.default ?? mod) as () => unknown;
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const { raw, config } = loadStack(options.stack, options.configOverrides);
  const custom = options.program;
  const run = await runProgram(options.stack, raw, custom ? async () => custom : defaultProgram);

  // Resource policies see inputs, stack policies see outputs: as in `pulumi preview`.
  const packConfig = policyPackConfigOf(config);
  const violations = [
    ...(await runResourcePolicies(resourcePolicies, run.inputs, packConfig)),
    ...(await runStackPolicies(stackPolicies, run.outputs, packConfig)),
  ];
  const estimate = estimateFor(config, run.outputs, options.instances);
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
  const nameOf = new Map(run.inputs.map((r) => [r.urn, r.name]));

  const lines = [
    `== Plan: stack ${options.stack} (${run.inputs.length} resources) ==`,
    ...formatPlan(run.recorded, run.inputs),
    "",
    `== Policy violations: ${mandatory.length} mandatory, ${violations.length - mandatory.length} advisory ==`,
    ...violations.map(
      (v) =>
        `  [${v.enforcementLevel}] ${v.policy}${v.urn ? ` ${nameOf.get(v.urn) ?? v.urn}` : ""}: ${v.message}`,
    ),
    ...(violations.length === 0 ? ["  none"] : []),
    "",
    "== Estimated monthly cost ==",
    ...formatCost(config, estimate, options.instances),
    "",
    mandatory.length > 0
      ? `FAILED: ${mandatory.length} mandatory policy violation(s).`
      : `OK: no mandatory policy violations.`,
  ];
  return {
    exitCode: mandatory.length > 0 ? 1 : 0,
    output: lines.join("\n"),
    violations,
    totalUsd: estimate.totalUsd,
  };
}
