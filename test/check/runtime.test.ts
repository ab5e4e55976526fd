/**
 * The pack on the real CrossGuard runtime (started as the CLI starts it, driven over gRPC)
 * against the harness the unit tests use: same verdicts on the shipped stacks, a first
 * preview, the compliant fixture and a fixture that breaks every rule.
 */
import { expect } from "chai";
import { runPolicies, type PackConfig, type Violation } from "../../policies/harness";
import { resourcePolicies, stackPolicies } from "../../policies/rules";
import { analyzedStack, evaluate, type AnalyzedStack } from "../../scripts/check/main";
import { resolvePackConfig } from "../../scripts/check/pack-config";
import { policyPackConfigOf } from "../../scripts/check/policy-config";
import { PolicyRuntime } from "../../scripts/check/policy-runtime";
import { runProgram } from "../../scripts/check/run-program";
import { loadStack } from "../../scripts/check/stack-file";
import { compliantStack, insecureStack } from "../policies/fixtures";

const ALL = [...resourcePolicies, ...stackPolicies];
const sorted = (vs: readonly Violation[]) =>
  vs.map((v) => `${v.policy} ${v.enforcementLevel} ${v.urn ?? "-"} ${v.message}`).sort();

async function harnessOf(stack: AnalyzedStack, config: PackConfig): Promise<Violation[]> {
  return [
    ...(await runPolicies({ resourcePolicies, stackPolicies: [] }, stack.inputs, config)),
    ...(await runPolicies({ resourcePolicies: [], stackPolicies }, stack.outputs, config)),
  ];
}

async function programStack(stack: string, preview: boolean, instances?: number) {
  const { raw, config } = loadStack(stack);
  // Loaded after runProgram has set the mocks, as the check does.
  const run = await runProgram(stack, raw, async () => {
    const mod = (await import("../../index.js")) as unknown as { default?: () => unknown };
    return (mod.default ?? mod) as () => unknown;
  });
  return {
    analyzed: analyzedStack(run, preview),
    config: policyPackConfigOf(config, instances),
  };
}

describe("the pack on the real CrossGuard runtime", function () {
  // Loading the pack type-checks it with ts-node: seconds, more on a busy machine.
  this.timeout(120_000);
  let runtime: PolicyRuntime;
  before(async () => {
    runtime = await PolicyRuntime.start({ stack: "test", dryRun: true });
  });
  after(() => runtime?.stop());

  const agree = async (stack: AnalyzedStack, layers: Record<string, unknown>[] = []) => {
    const config = resolvePackConfig(runtime.policies, ...layers);
    const real = await evaluate(runtime, stack, config);
    expect(sorted(real)).to.deep.equal(sorted(await harnessOf(stack, config)));
    return real;
  };

  it("loads every rule with its level, description and config schema, as the CLI reads them", () => {
    expect(runtime.policies.map((p) => [p.name, p.enforcementLevel, p.description])).to.deep.equal(
      ALL.map((p) => [p.name, p.enforcementLevel, p.description]),
    );
    const timeout = runtime.policies.find((p) => p.name === "lambda-timeout");
    expect(timeout?.configSchema?.properties).to.deep.equal({
      maxTimeoutSeconds: { type: "integer", minimum: 1, maximum: 900 },
    });
  });

  for (const name of ["dev", "prod"]) {
    for (const preview of [false, true]) {
      it(`agrees with the harness on the ${name} stack${preview ? " as a first preview" : ""}, with no mandatory violation`, async () => {
        const { analyzed, config } = await programStack(name, preview);
        const real = await agree(analyzed, [config]);
        expect(real.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
        if (preview) {
          // The engine's unknowns reached the rules: they note what they could not read.
          expect(real.some((v) => v.message.includes("can't be known during preview"))).to.equal(
            true,
          );
        }
      });
    }
  }

  it("sizes prod's queries for --instances: 10,000 pass its cutoff, 13,000 fail it, mandatory", async () => {
    const scans = async (instances: number) => {
      const { analyzed, config } = await programStack("prod", false, instances);
      return (await agree(analyzed, [config])).filter((v) => v.policy === "athena-scan-cutoff");
    };
    expect(await scans(10_000)).to.deep.equal([]);
    const over = await scans(13_000);
    expect(over.map((v) => v.enforcementLevel)).to.deep.equal(["mandatory"]);
    expect(over[0]?.message).to.match(
      /the named query daily-peak-memory scans [\d.]+ GiB at 13000 instances \(60 s data\), over the cutoff of 75\.0 GiB/,
    );
  });

  it("agrees on the compliant fixture: nothing to report", async () => {
    expect(await agree({ inputs: compliantStack(), outputs: compliantStack() })).to.deep.equal([]);
  });

  it("agrees on a fixture that breaks every rule, and every rule reports", async () => {
    const stack = { inputs: insecureStack(), outputs: insecureStack() };
    const budget = { "monthly-budget": { monthlyBudgetUsd: 0.01 } };
    const real = await agree(stack, [budget]);
    expect([...new Set(real.map((v) => v.policy))].sort()).to.deep.equal(
      ALL.map((p) => p.name).sort(),
    );
  });

  it('applies "all", the string shorthand and a policy\'s own config as the CLI does', async () => {
    const stack = { inputs: insecureStack(), outputs: insecureStack() };
    const real = await agree(stack, [
      { all: "advisory", "lambda-timeout": { maxTimeoutSeconds: 900 }, "s3-tls-only": "disabled" },
    ]);
    expect(real.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
    expect(real.map((v) => v.policy)).not.to.include.members(["s3-tls-only", "lambda-timeout"]);
    expect(real.length).to.be.greaterThan(20);
  });
});
