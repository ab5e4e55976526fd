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
interface RegisterRequest {
  getParent(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): Map<string, { getUrnsList(): string[] }>;
}
type Callback = (err: unknown, res?: { getUrn(): string }) => void;
interface MockMonitorLike {
  getRegisteredResources(): Map<string, Registered>;
  registerResource(req: RegisterRequest, callback: Callback): void;
}

/** What the engine sends the analyzer besides properties: parent and dependencies by URN. */
type Links = Pick<ResourceInput, "parentUrn" | "dependencies" | "propertyDependencies">;

/**
 * Records each registration's parent, dependencies and property dependencies, as the SDK
 * sends them to the engine (the mocks' newResource does not see them).
 */
function recordLinks(): Map<string, Links> {
  const links = new Map<string, Links>();
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, res) => {
      if (res) {
        const propertyDependencies: Record<string, string[]> = {};
        for (const [prop, deps] of req.getPropertydependenciesMap().entries()) {
          const urns = deps.getUrnsList();
          if (urns.length > 0) propertyDependencies[prop] = urns;
        }
        links.set(res.getUrn(), {
          ...(req.getParent() ? { parentUrn: req.getParent() } : {}),
          dependencies: req.getDependenciesList(),
          propertyDependencies,
        });
      }
      callback(err, res);
    });
  return links;
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
  const links = recordLinks();
  resetRecorded();
  setStackConfig(config);
  const program = await loadProgram();
  program();
  const recorded = await settled();
  const urns = urnsByTypeAndName();
  const custom = recorded.filter((r) => r.custom);
  const shape = (r: RecordedResource, props: Record<string, unknown>): ResourceInput => {
    const urn = urns.get(`${r.type}::${r.name}`);
    return { type: r.type, name: r.name, urn, props, ...(urn ? links.get(urn) : {}) };
  };
  return {
    recorded,
    inputs: custom.map((r) => shape(r, r.inputs)),
    // Bridged AWS resources report their id among their outputs; sub-resources point at it.
    outputs: custom.map((r) => shape(r, { ...r.state, id: r.id })),
  };
}
