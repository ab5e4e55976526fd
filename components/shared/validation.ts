import * as pulumi from "@pulumi/pulumi";
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
  throw new pulumi.ResourceError(
    `${kind} ${name}: invalid arguments:\n  - ${problems.join("\n  - ")}`,
    component,
  );
}

/** Logs one warning per argument that weakens a security default. */
export function warnWeakenedDefaults(
  component: pulumi.ComponentResource,
  kind: string,
  keys: readonly string[],
): void {
  for (const key of keys) {
    void pulumi.log.warn(
      `${kind}: ${key} overrides a security default; see the README's "Default settings".`,
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

/** Thresholds are percentages: above 0 and at most 100. Absent ones are left to the defaults. */
export function thresholdProblems(thresholds: ThresholdArgs): string[] {
  return Object.entries(thresholds)
    .filter(([, v]) => v !== undefined && !(Number.isFinite(v) && v > 0 && v <= 100))
    .map(([key, v]) => `thresholds.${key} must be a percentage above 0 and at most 100 (got ${v})`);
}
