import { z } from "zod";
import { StackConfigError } from "../contract/errors";
import { stackConfigSchema, type StackConfig } from "./stack-config";

const CONFIG_NAMESPACE = "infra-monitoring";
/** The AWS provider's region; checked for its shape, since every ARN and endpoint uses it. */
const REGION_KEY = "aws:region";
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

// StackConfigError: see contract/errors.ts (every error class is defined there).
export { StackConfigError };

/**
 * Pulumi hands config over as strings: scalars verbatim, objects and arrays as JSON.
 * "25" and "false" become a number and a boolean; "rate(3 hours)" stays a string.
 */
function decode(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Validates the `infra-monitoring:*` keys of a stack's config (as returned by
 * `pulumi.runtime.allConfig()`) and returns the typed config with defaults applied.
 * Of other namespaces only aws:region is checked (its shape, when set).
 */
export function parseStackConfig(all: Readonly<Record<string, string>>): StackConfig {
  const prefix = `${CONFIG_NAMESPACE}:`;
  const ours = Object.fromEntries(
    Object.entries(all)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, raw]) => [key.slice(prefix.length), decode(raw)]),
  );
  const parsed = stackConfigSchema.safeParse(ours);
  const region = all[REGION_KEY];
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map(describe)),
    ...(region !== undefined && !REGION.test(region)
      ? [`${REGION_KEY}: "${region}" is not an AWS region name such as eu-west-1`]
      : []),
  ];
  if (parsed.success && problems.length === 0) return parsed.data;
  throw new StackConfigError(problems);
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const at = issue.path.length ? `${issue.path.join(".")}.` : "";
    return issue.keys.map((k) => `${CONFIG_NAMESPACE}:${at}${k}: unknown key`).join("\n  - ");
  }
  const key = issue.path.length ? issue.path.join(".") : "(config)";
  return `${CONFIG_NAMESPACE}:${key}: ${issue.message}`;
}
