import {
  UnknownValueError,
  type PolicyResource,
  type ReportViolation,
  type ResourceValidation,
  type ResourceValidationArgs,
} from "@pulumi/policy";

// Property bags as the policy runtime hands them over: untyped JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Props = Record<string, any>;

/**
 * A resource validation that applies to one type token. Like the SDK's validateResourceOfType
 * but keyed by token, so the rules do not load @pulumi/aws. `__pulumiType` is the marker the
 * policy runtime reads to skip other types without calling the function.
 */
export function forType(
  type: string,
  validate: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
  const fn: ResourceValidation = (args, report) => {
    if (args.type !== type)
      args.notApplicable(`Policy only applies to resources of type '${type}'`);
    validate(args.props, args, report);
  };
  return Object.assign(fn, { __pulumiType: type });
}

/**
 * Reads a value that may be unknown during preview (an output of a resource not yet created).
 * Stack rules use it for value links so an unknown id does not abort the whole rule.
 */
export function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof UnknownValueError) return undefined;
    throw err;
  }
}

/**
 * True when `read()` gives a value, or a value unknown during preview: a field that is set to
 * something not yet created is set, so rules that only need presence can decide in a preview.
 */
export function isSet(read: () => unknown): boolean {
  try {
    const value = read();
    return value !== undefined && value !== null && value !== "";
  } catch (err) {
    if (err instanceof UnknownValueError) return true;
    throw err;
  }
}

export function ofType(resources: readonly PolicyResource[], type: string): PolicyResource[] {
  return resources.filter((r) => r.type === type);
}

/**
 * True when `from.props[prop]` points at `to`: through the engine's property dependencies
 * (known even in a preview of new resources), else by value against one of `to`'s identifiers.
 */
function refersTo(
  from: PolicyResource,
  prop: string,
  to: PolicyResource,
  identifiers: readonly string[] = ["id", "bucket", "name", "arn"],
): boolean {
  if ((from.propertyDependencies[prop] ?? []).some((d) => d.urn === to.urn)) return true;
  const value = known(() => from.props[prop] as unknown);
  if (typeof value !== "string" || value === "") return false;
  return identifiers.some((key) => known(() => to.props[key] as unknown) === value);
}

/** The resources of `type` whose `prop` points at `to`. */
export function referencing(
  resources: readonly PolicyResource[],
  type: string,
  prop: string,
  to: PolicyResource,
  identifiers?: readonly string[],
): PolicyResource[] {
  return ofType(resources, type).filter((r) => refersTo(r, prop, to, identifiers));
}

/** "name (type)" for messages of stack rules, which report against the whole stack. */
export function label(resource: PolicyResource): string {
  return `${resource.name} (${resource.type})`;
}
