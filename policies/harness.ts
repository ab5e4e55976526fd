/**
 * Runs the pack's policies the way the CrossGuard runtime does, without the engine: props
 * wrapped in the unknown-checking proxy, not-applicable and unknown-value outcomes handled
 * alike, per-policy config and enforcement levels. Used by the tests and the offline check.
 */
import {
  unknownCheckingProxy,
  UnknownValueError,
  type EnforcementLevel,
  type Policy,
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PACK_NAME } from "./rules";
import type { Props } from "./rules/helpers";

/** "name@vX.Y.Z" as the runtime names the pack (its version is the pack's package.json's). */
const PACK_ID = `${PACK_NAME}@v${
  (JSON.parse(readFileSync(path.join(__dirname, "package.json"), "utf8")) as { version: string })
    .version
}`;

/** A resource as the harness receives it; links between resources are by URN. */
export interface ResourceInput {
  readonly type: string;
  readonly name: string;
  /** Defaults to a URN built from type and name. */
  readonly urn?: string;
  readonly props: Props;
  readonly parentUrn?: string;
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface Violation {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly message: string;
  /** The resource in violation; absent when the stack as a whole is. */
  readonly urn?: string;
}

/** Per-policy config as in a policy pack config file: { "<policy>": { key: value } }. */
export type PackConfig = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

class NotApplicable extends Error {}

/**
 * A deep copy of plain data, as the runtime deserializes it: assets and archives (class
 * instances holding promises) become their plain fields, promises and functions are dropped.
 */
export function plainCopy(value: unknown): unknown {
  if (value === null || typeof value !== "object")
    return typeof value === "function" ? undefined : value;
  if (value instanceof Promise) return undefined;
  if (Array.isArray(value)) return value.map(plainCopy);
  return Object.fromEntries(
    Object.entries(value)
      .map(([k, v]) => [k, plainCopy(v)] as const)
      .filter(([, v]) => v !== undefined),
  );
}

const wrap = (props: Props) => unknownCheckingProxy(plainCopy(props)) as Props;

export function urnFor(type: string, name: string, stack = "test"): string {
  return `urn:pulumi:${stack}::infra-monitoring::${type}::${name}`;
}

function levelOf(policy: Policy, config: PackConfig): EnforcementLevel {
  const configured = config[policy.name]?.enforcementLevel as EnforcementLevel | undefined;
  const level = configured ?? policy.enforcementLevel ?? "advisory";
  // The runtime reports violations of remediate policies as mandatory.
  return level === "remediate" ? "mandatory" : level;
}

function configOf(policy: Policy, config: PackConfig): <T extends object>() => T {
  return <T extends object>() => {
    // The runtime hands a policy its config without the enforcement level.
    const rest = Object.entries(config[policy.name] ?? {}).filter(
      ([k]) => k !== "enforcementLevel",
    );
    return Object.fromEntries(rest) as T;
  };
}

/** The type token a resource class or a typed validation carries. */
const pulumiTypeOf = (marked: unknown) => (marked as { __pulumiType?: string }).__pulumiType;

/** isType/asType as the runtime answers them: by the class's Pulumi type token. */
function typeChecks(type: string, props: Props) {
  const matches = (cls: unknown) => pulumiTypeOf(cls) === type;
  return { isType: matches, asType: (cls: unknown) => (matches(cls) ? props : undefined) };
}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

/** Runs `validate`; an unknown value turns into an advisory note, as in `pulumi preview`. */
async function guarded(
  policy: Policy,
  violations: Violation[],
  validate: () => Promise<void> | void,
  urn?: string,
): Promise<void> {
  try {
    await validate();
  } catch (err) {
    if (err instanceof NotApplicable) return;
    if (err instanceof UnknownValueError) {
      violations.push({
        policy: policy.name,
        enforcementLevel: "advisory",
        message: `can't run policy '${policy.name}' from policy pack '${PACK_ID}' during preview: ${(err as Error).message}`,
        urn,
      });
      return;
    }
    throw err;
  }
}

export async function runResourcePolicies(
  policies: readonly ResourceValidationPolicy[],
  resources: readonly ResourceInput[],
  config: PackConfig = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const policy of policies) {
    const level = levelOf(policy, config);
    if (level === "disabled" || !policy.validateResource) continue;
    const validations = Array.isArray(policy.validateResource)
      ? policy.validateResource
      : [policy.validateResource];
    // The runtime's fast path: a lone validation typed for another type is not even called.
    const onlyType = validations.length === 1 ? pulumiTypeOf(validations[0]) : undefined;
    for (const resource of resources) {
      if (onlyType !== undefined && resource.type !== onlyType) continue;
      const urn = resource.urn ?? urnFor(resource.type, resource.name);
      const report = (message: string) =>
        violations.push({ policy: policy.name, enforcementLevel: level, message, urn });
      for (const validation of validations) {
        const props = wrap(resource.props);
        const args = {
          type: resource.type,
          props,
          urn,
          name: resource.name,
          opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] },
          stackTags: new Map<string, string>(),
          ...typeChecks(resource.type, props),
          getConfig: configOf(policy, config),
          notApplicable,
        } as unknown as ResourceValidationArgs;
        await guarded(policy, violations, () => validation(args, report), urn);
      }
    }
  }
  return violations;
}

/** Builds the linked PolicyResource graph the runtime gives stack policies. */
function toPolicyResources(resources: readonly ResourceInput[]): PolicyResource[] {
  const built = resources.map((r) => {
    const props = wrap(r.props);
    return {
      input: r,
      resource: {
        type: r.type,
        name: r.name,
        urn: r.urn ?? urnFor(r.type, r.name),
        props,
        opts: {},
        dependencies: [] as PolicyResource[],
        propertyDependencies: {} as Record<string, PolicyResource[]>,
        ...typeChecks(r.type, props),
      } as unknown as PolicyResource,
    };
  });
  const byUrn = new Map(built.map((b) => [b.resource.urn, b.resource]));
  const lookup = (urns: readonly string[] = []) =>
    urns.map((u) => byUrn.get(u)).filter((r): r is PolicyResource => r !== undefined);
  for (const { input, resource } of built) {
    const parent = input.parentUrn ? byUrn.get(input.parentUrn) : undefined;
    if (parent) resource.parent = parent;
    resource.dependencies = lookup(input.dependencies);
    for (const [prop, urns] of Object.entries(input.propertyDependencies ?? {})) {
      resource.propertyDependencies[prop] = lookup(urns);
    }
  }
  return built.map((b) => b.resource);
}

export async function runStackPolicies(
  policies: readonly StackValidationPolicy[],
  resources: readonly ResourceInput[],
  config: PackConfig = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const graph = toPolicyResources(resources);
  for (const policy of policies) {
    const level = levelOf(policy, config);
    if (level === "disabled") continue;
    const report = (message: string, urn?: string) =>
      violations.push({ policy: policy.name, enforcementLevel: level, message, urn });
    const args = {
      resources: graph,
      stackTags: new Map<string, string>(),
      getConfig: configOf(policy, config),
      notApplicable,
    };
    await guarded(policy, violations, () => policy.validateStack(args, report));
  }
  return violations;
}

/** Every policy over every resource: resource policies first, then stack policies. */
export async function runPolicies(
  policies: {
    readonly resourcePolicies: readonly ResourceValidationPolicy[];
    readonly stackPolicies: readonly StackValidationPolicy[];
  },
  resources: readonly ResourceInput[],
  config: PackConfig = {},
): Promise<Violation[]> {
  return [
    ...(await runResourcePolicies(policies.resourcePolicies, resources, config)),
    ...(await runStackPolicies(policies.stackPolicies, resources, config)),
  ];
}
