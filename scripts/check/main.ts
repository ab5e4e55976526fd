/**
 * The offline check of one stack: run the program under mocks with the stack's config, send
 * what it registers to the policy pack on the real CrossGuard runtime (as `pulumi preview
 * --policy-pack` does), print the plan, the violations and the cost.
 */
import type { PackConfig, ResourceInput, Violation } from "../../policies/harness";
import { estimateFor, formatCost } from "./cost";
import { resolvePackConfig } from "./pack-config";
import { formatPlan } from "./plan";
import { formatScans } from "./scans";
import { policyPackConfigOf } from "./policy-config";
import { PolicyRuntime } from "./policy-runtime";
import { asFirstPreview } from "./preview";
import { runProgram, type ProgramRun } from "./run-program";
import { loadStack } from "./stack-file";

export interface CheckOptions {
  readonly stack: string;
  /** As a first `pulumi preview`: computed values of resources not yet created are unknown. */
  readonly preview?: boolean;
  /** Policy pack config laid over the stack's (the content of --policy-config). */
  readonly policyConfig?: Readonly<Record<string, unknown>>;
  /** A runtime already started (tests share one); else the check starts and stops its own. */
  readonly runtime?: PolicyRuntime;
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

/** What the analyzer is sent: resources with their inputs (Analyze) and outputs (AnalyzeStack). */
export interface AnalyzedStack {
  readonly inputs: readonly ResourceInput[];
  readonly outputs: readonly ResourceInput[];
}

export function analyzedStack(run: ProgramRun, preview: boolean): AnalyzedStack {
  return preview ? asFirstPreview(run.inputs, run.outputs) : run;
}

/** Resource policies see inputs, stack policies see outputs: as in `pulumi preview`. */
export async function evaluate(
  runtime: PolicyRuntime,
  stack: AnalyzedStack,
  config: PackConfig,
): Promise<Violation[]> {
  await runtime.configure(config);
  return [...(await runtime.analyze(stack.inputs)), ...(await runtime.analyzeStack(stack.outputs))];
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const { raw, config } = loadStack(options.stack, options.configOverrides);
  const custom = options.program;
  const run = await runProgram(options.stack, raw, custom ? async () => custom : defaultProgram);
  const preview = options.preview ?? false;

  const runtime =
    options.runtime ?? (await PolicyRuntime.start({ stack: options.stack, dryRun: preview }));
  let violations: Violation[];
  let packConfig: PackConfig;
  try {
    packConfig = resolvePackConfig(
      runtime.policies,
      policyPackConfigOf(config, options.instances),
      options.policyConfig ?? {},
    );
    violations = await evaluate(runtime, analyzedStack(run, preview), packConfig);
  } finally {
    if (!options.runtime) runtime.stop();
  }
  const estimate = estimateFor(config, run.outputs, options.instances);
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
  const nameOf = new Map(run.inputs.map((r) => [r.urn, r.name]));

  const lines = [
    `== Plan: stack ${options.stack}${preview ? ", as a first preview" : ""} (${run.inputs.length} resources) ==`,
    ...formatPlan(run.recorded, run.inputs),
    "",
    `== Policy violations: ${mandatory.length} mandatory, ${violations.length - mandatory.length} advisory ==`,
    ...violations.map(
      (v) =>
        `  [${v.enforcementLevel}] ${v.policy}${v.urn ? ` ${nameOf.get(v.urn) ?? v.urn}` : ""}: ${v.message}`,
    ),
    ...(violations.length === 0 ? ["  none"] : []),
    "",
    ...formatScans(run.outputs, packConfig),
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
