/**
 * Command line of the check. One table of options (node:util parseArgs), so a new option is
 * one entry here and one field of CheckArgs.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseArgs as parseNodeArgs } from "node:util";
import { UsageError } from "../../contract/errors";

const ROOT = path.resolve(__dirname, "../..");

export const USAGE = `usage: npm run check -- --stack NAME [--preview] [--policy-config FILE]
  --stack NAME           the stack to check: Pulumi.NAME.yaml in the project
  --preview              as a first \`pulumi preview\`: ids, ARNs and names of resources not yet
                         created are unknown
  --policy-config FILE   policy pack config laid over the stack's, as
                         \`pulumi preview --policy-pack-config FILE\` reads it
  --instances N          price this fleet size (a tag-selected fleet is unknown offline)
  --fast-alerts on|off   price the stack with fast alerts on or off, whatever its config says`;

// UsageError: see contract/errors.ts (the same class as the local commands').
export { UsageError };

export interface CheckArgs {
  readonly stack: string;
  readonly preview: boolean;
  readonly policyConfig?: string;
  /** The fleet size to price. */
  readonly instances?: number;
  /** Fast alerts on or off for the estimate. */
  readonly fastAlerts?: boolean;
}

const OPTIONS = {
  stack: { type: "string" },
  preview: { type: "boolean", default: false },
  "policy-config": { type: "string" },
  instances: { type: "string" },
  "fast-alerts": { type: "string" },
} as const;

/** The stacks of the project: every Pulumi.<name>.yaml beside Pulumi.yaml. */
export function projectStacks(root = ROOT): string[] {
  return readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

export function parseArgs(argv: readonly string[], root = ROOT): CheckArgs {
  let values: {
    stack?: string;
    preview?: boolean;
    "policy-config"?: string;
    instances?: string;
    "fast-alerts"?: string;
  };
  try {
    ({ values } = parseNodeArgs({ args: [...argv], options: OPTIONS, strict: true }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const stack = values.stack;
  if (stack === undefined) throw new UsageError(`--stack is required\n${USAGE}`);
  const stacks = projectStacks(root);
  // The name becomes part of a file path: refuse separators rather than read elsewhere.
  if (!/^[\w.-]+$/.test(stack) || !stacks.includes(stack)) {
    throw new UsageError(
      `unknown stack "${stack}": no Pulumi.${stack}.yaml (stacks: ${stacks.join(", ")})\n${USAGE}`,
    );
  }
  const policyConfig = values["policy-config"];
  if (policyConfig !== undefined && !existsSync(policyConfig)) {
    throw new UsageError(`--policy-config: no file ${policyConfig}\n${USAGE}`);
  }
  const instances = values.instances;
  if (instances !== undefined && !/^[1-9]\d{0,5}$/.test(instances)) {
    throw new UsageError(
      `--instances must be a whole number from 1 to 999999 (got "${instances}")\n${USAGE}`,
    );
  }
  const fastAlerts = values["fast-alerts"];
  if (fastAlerts !== undefined && fastAlerts !== "on" && fastAlerts !== "off") {
    throw new UsageError(`--fast-alerts must be on or off (got "${fastAlerts}")\n${USAGE}`);
  }
  return {
    stack,
    preview: values.preview ?? false,
    ...(policyConfig !== undefined ? { policyConfig } : {}),
    ...(instances !== undefined ? { instances: Number(instances) } : {}),
    ...(fastAlerts !== undefined ? { fastAlerts: fastAlerts === "on" } : {}),
  };
}
