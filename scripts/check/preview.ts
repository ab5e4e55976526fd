/**
 * A run of the program reshaped as a first `pulumi preview` sends it to the analyzer: nothing
 * exists yet, so the values a provider computes on create (id, ARN, URL, a name or bucket the
 * program did not set) are unknown, and so is every input value built from one of them.
 */
import type { ResourceInput } from "../../policies/harness";
import type { Props } from "../../policies/rules/helpers";

/** The sentinel the engine sends for a value unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Outputs the provider computes when it creates a resource, unless the program set them. */
const COMPUTED = ["id", "arn", "name", "bucket", "url", "bucketDomainName"];

/** The computed values of one resource, as the offline run produced them. */
function computedValues(input: ResourceInput, output: ResourceInput): string[] {
  return COMPUTED.filter((k) => !(k in input.props))
    .map((k) => output.props[k] as unknown)
    .filter((v): v is string => typeof v === "string" && v !== "");
}

/** `value` with every string leaf that embeds one of `unknowns` replaced by the sentinel. */
function blank(value: unknown, unknowns: readonly string[]): unknown {
  if (typeof value === "string") return unknowns.some((u) => value.includes(u)) ? UNKNOWN : value;
  if (Array.isArray(value)) return value.map((v) => blank(v, unknowns));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blank(v, unknowns)]));
  }
  return value;
}

export function asFirstPreview(
  inputs: readonly ResourceInput[],
  outputs: readonly ResourceInput[],
): { inputs: ResourceInput[]; outputs: ResourceInput[] } {
  const computed = new Map<string | undefined, string[]>(
    inputs.map((r, i) => [r.urn, computedValues(r, outputs[i] ?? r)]),
  );
  const previewInputs = inputs.map((r) => {
    const props: Props = { ...r.props };
    // Only a value that flows from another resource (a property dependency) can be unknown.
    for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) {
      const unknowns = urns.flatMap((u) => computed.get(u) ?? []);
      if (prop in props && unknowns.length > 0) props[prop] = blank(props[prop], unknowns);
    }
    return { ...r, props };
  });
  const previewOutputs = previewInputs.map((r, i) => {
    const own = COMPUTED.filter((k) => !(k in r.props) && outputs[i]?.props[k] !== undefined);
    return { ...r, props: { ...r.props, ...Object.fromEntries(own.map((k) => [k, UNKNOWN])) } };
  });
  return { inputs: previewInputs, outputs: previewOutputs };
}
