/**
 * Runs the stack program under the Pulumi mocks and returns what it registered, in the two
 * shapes the policy runtime uses: inputs for resource policies, outputs for stack policies.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceInput } from "../../policies/harness";
import {
  resetRecorded,
  setStackConfig,
  settled,
  setupMocks,
  type RecordedResource,
} from "../../test/helpers/pulumi-mocks";

export interface ProgramRun {
  readonly recorded: readonly RecordedResource[];
  /** Custom resources with their inputs. */
  readonly inputs: readonly ResourceInput[];
  /** Custom resources with their outputs (the mock's state plus the id). */
  readonly outputs: readonly ResourceInput[];
}

interface Registered {
  readonly urn: string;
}
interface MockMonitorLike {
  getRegisteredResources(): Map<string, Registered>;
}

/** URN of each registered resource by "type::name" (URNs end with `::<type>::<name>`). */
function urnsByTypeAndName(): Map<string, string> {
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
  const urns = new Map<string, string>();
  for (const { urn } of monitor.getRegisteredResources().values()) {
    const [qualifiedType = "", name = ""] = urn.split("::").slice(-2);
    const type = qualifiedType.split("$").pop() ?? qualifiedType;
    urns.set(`${type}::${name}`, urn);
  }
  return urns;
}

export async function runProgram(
  stack: string,
  config: Record<string, unknown>,
  loadProgram: () => Promise<() => unknown>,
): Promise<ProgramRun> {
  // Mocks first: the program's modules must load against the mocked runtime.
  await setupMocks(stack);
  resetRecorded();
  setStackConfig(config);
  const program = await loadProgram();
  program();
  const recorded = await settled();
  const urns = urnsByTypeAndName();
  const custom = recorded.filter((r) => r.custom);
  const shape = (r: RecordedResource, props: Record<string, unknown>): ResourceInput => ({
    type: r.type,
    name: r.name,
    urn: urns.get(`${r.type}::${r.name}`),
    props,
  });
  return {
    recorded,
    inputs: custom.map((r) => shape(r, r.inputs)),
    // Bridged AWS resources report their id among their outputs; sub-resources point at it.
    outputs: custom.map((r) => shape(r, { ...r.state, id: r.id })),
  };
}
