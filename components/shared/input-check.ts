import * as pulumi from "@pulumi/pulumi";

/** Which component an argument belongs to, for the one message every check gives. */
export interface CheckSite {
  /** The component's class name, e.g. "AlertingStack". */
  readonly kind: string;
  /** The component's name. */
  readonly name: string;
  /** The part of a facade the arguments went to, e.g. "alerting". @default none */
  readonly part?: string;
}

/** The message of a component's invalid arguments, the same at construction and at deploy. */
export function invalidArgsMessage(site: CheckSite, problems: readonly string[]): string {
  const tagged = site.part ? problems.map((p) => `${site.part}: ${p}`) : problems;
  return `${site.kind} ${site.name}: invalid arguments:\n  - ${tagged.join("\n  - ")}`;
}

/** True for a value with no Output or Promise anywhere inside: it can be checked at once. */
export function isKnownNow(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  if (Array.isArray(value)) return value.every(isKnownNow);
  if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
    return Object.values(value).every(isKnownNow);
  }
  return true;
}

/**
 * The problems of a value known now; none for an Output, which `checkedInput` checks when it
 * resolves. Validators call this so known values fail before any resource exists.
 */
export function problemsIfKnown<T>(
  value: pulumi.Input<T> | undefined,
  problemsOf: (v: pulumi.Unwrap<T>) => string[],
): string[] {
  return value !== undefined && isKnownNow(value) ? problemsOf(value as pulumi.Unwrap<T>) : [];
}

/** The preview's announcements made already. */
const ANNOUNCED = new Set<string>();

/** Output's own "is this value known" promise (false for an unknown value in preview). */
function isKnown(output: pulumi.Output<unknown>): Promise<boolean> {
  return (output as unknown as { isKnown: Promise<boolean> }).isKnown;
}

/**
 * Validate now if known, else when resolved: the value as an Output to feed the resource.
 * A known value was already checked by the component's validator (with the other problems,
 * before any resource). An Output is checked inside the apply that feeds the resource: a bad
 * value fails the deployment with the same message (a secret's value left out of it). Secrets
 * stay secret. Unknown in preview,
 * `pending` is logged: what will be checked at deploy.
 */
export function checkedInput<T>(
  site: CheckSite,
  value: pulumi.Input<T>,
  problemsOf: (v: pulumi.Unwrap<T>, secret: boolean) => string[],
  pending: string,
): pulumi.Output<pulumi.Unwrap<T>> {
  const output = pulumi.output(value);
  if (isKnownNow(value)) return output;
  void isKnown(output).then((known) => {
    const message = `${site.kind} ${site.name}: ${pending}`;
    // A facade's parts may check one value each: it is announced once.
    if (known || ANNOUNCED.has(message)) return;
    ANNOUNCED.add(message);
    void pulumi.log.info(message);
  });
  // A secret's value must not reach the message: problemsOf is told to leave it out.
  const secret = pulumi.output(pulumi.isSecret(output));
  return pulumi.all([output, secret]).apply(([v, isSecret]) => {
    const problems = problemsOf(v as pulumi.Unwrap<T>, isSecret);
    // A plain Error: the component may be the resource this failure keeps from registering.
    if (problems.length > 0) throw new Error(invalidArgsMessage(site, problems));
    return v;
  }) as pulumi.Output<pulumi.Unwrap<T>>;
}
