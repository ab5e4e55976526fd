import * as pulumi from "@pulumi/pulumi";
import { type CheckSite, invalidArgsMessage, problemsIfKnown } from "./input-check";
import type { ThresholdArgs } from "./threshold-args";

/**
 * Throws one ResourceError listing every problem with a component's args (STYLE: collect,
 * then throw once), or returns when there is none.
 */
export function throwIfInvalid(
  component: pulumi.ComponentResource,
  kind: string,
  name: string,
  problems: readonly string[],
): void {
  if (problems.length === 0) return;
  throw new pulumi.ResourceError(invalidArgsMessage({ kind, name }, problems), component);
}

/** Args a facade has validated already, with the site its messages name. */
const VALIDATED = new WeakMap<object, CheckSite>();

/**
 * Marks a part's args as validated by the facade that built them: the part does not check
 * them twice, and its checks of Outputs name the facade and the part, as the facade does.
 */
export function markValidated<T extends object>(args: T, site: CheckSite): T {
  VALIDATED.set(args, site);
  return args;
}

/** Whether a facade validated these args already. */
export function isValidated(args: object): boolean {
  return VALIDATED.has(args);
}

/** Where a component's messages come from: the facade that built its args, or itself. */
export function checkSite(args: object, kind: string, name: string): CheckSite {
  return VALIDATED.get(args) ?? { kind, name };
}

/** Where a component's defaults are listed: its page in docs/ (MetricStore -> metric-store.md). */
export function defaultSettingsLink(kind: string): string {
  return `docs/components/${kind.replace(/(?<!^)([A-Z])/g, "-$1").toLowerCase()}.md#default-settings`;
}

/** Logs one warning per argument that weakens a security default. */
export function warnWeakenedDefaults(
  component: pulumi.ComponentResource,
  kind: string,
  keys: readonly string[],
): void {
  for (const key of keys) {
    void pulumi.log.warn(
      `${kind}: ${key} overrides a security default; see ${defaultSettingsLink(kind)}.`,
      component,
    );
  }
}

/** Logs one warning per argument the component cannot apply, so it never vanishes silently. */
export function warnIgnored(
  component: pulumi.ComponentResource,
  kind: string,
  reasons: readonly string[],
): void {
  for (const reason of reasons) void pulumi.log.warn(`${kind}: ${reason}`, component);
}

/** The keys of boolean settings that are off. */
export function offSettings(settings: Readonly<Record<string, boolean>>): string[] {
  return Object.entries(settings)
    .filter(([, on]) => !on)
    .map(([key]) => key);
}

/** Component names that prefix S3 bucket names: lower-case DNS labels, with room for suffixes. */
export function bucketPrefixProblem(name: string): string | undefined {
  if (/^[a-z0-9][a-z0-9-]{0,37}$/.test(name)) return undefined;
  return `name "${name}" must be 1-38 lower-case letters, digits or dashes (it prefixes bucket names)`;
}

/**
 * Why one threshold is not a percentage above 0 and at most 100, or undefined. A value from
 * an Output may be of any type; a secret's is left out of the message.
 */
export function thresholdProblem(key: string, v: unknown, secret = false): string | undefined {
  if (typeof v === "number" && Number.isFinite(v) && v > 0 && v <= 100) return undefined;
  const got = secret ? "a secret value" : typeof v === "number" ? String(v) : JSON.stringify(v);
  return `thresholds.${key} must be a percentage above 0 and at most 100 (got ${got})`;
}

/**
 * Thresholds are percentages: above 0 and at most 100. Absent ones are left to the defaults,
 * Outputs to the check when they resolve (threshold-check.ts).
 */
export function thresholdProblems(thresholds: ThresholdArgs): string[] {
  return Object.entries(thresholds).flatMap(([key, v]) =>
    problemsIfKnown(v as pulumi.Input<number> | undefined, (n) => {
      const problem = thresholdProblem(key, n);
      return problem ? [problem] : [];
    }),
  );
}

/**
 * Utilization thresholds written as fractions (0.8 meaning 80 %). A host alert at 1 % or less
 * is never meant, but it is a valid number: a warning with the likely value, never a refusal.
 * errorRate is left out: half a percent of errors is a plausible limit. Known values only;
 * a secret's value is left out of the warning.
 */
export function fractionThresholdWarnings(
  thresholds: Readonly<Partial<Record<"cpu" | "memory" | "disk", unknown>>> | undefined,
  secret = false,
): string[] {
  const hints: string[] = [];
  for (const key of ["cpu", "memory", "disk"] as const) {
    const v = thresholds?.[key];
    if (typeof v !== "number" || !(v > 0 && v <= 1)) continue;
    hints.push(
      secret
        ? `thresholds.${key} (secret) is at most 1 %: thresholds are percentages; did you mean it times 100?`
        : `thresholds.${key} is ${v} %: thresholds are percentages; did you mean ${Math.round(v * 10_000) / 100}?`,
    );
  }
  return hints;
}
