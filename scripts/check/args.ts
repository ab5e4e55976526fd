/** Command line of the check: `--stack dev|prod` (or `--stack=dev`). */
export const STACKS = ["dev", "prod"] as const;
export type StackName = (typeof STACKS)[number];

export const USAGE = `usage: npm run check -- --stack <${STACKS.join("|")}> [--instances N] [--fast-alerts on|off]`;

export class UsageError extends Error {}

export interface CheckArgs {
  readonly stack: StackName;
  /** Price this fleet size instead of the stack's (tag-selected fleets are unknown offline). */
  readonly instances?: number;
  /** Price the stack with fast alerts on or off, whatever its config says. */
  readonly fastAlerts?: boolean;
}

export function parseArgs(argv: readonly string[]): CheckArgs {
  let stack: string | undefined;
  let instances: string | undefined;
  let fastAlerts: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag, inline] = arg.includes("=") ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "--stack") stack = value();
    else if (flag === "--instances") instances = value() ?? "";
    else if (flag === "--fast-alerts") fastAlerts = value() ?? "";
    else throw new UsageError(`unknown argument "${arg}"\n${USAGE}`);
  }
  if (instances !== undefined && !/^[1-9]\d{0,5}$/.test(instances)) {
    throw new UsageError(
      `--instances must be a whole number from 1 to 999999 (got "${instances}")\n${USAGE}`,
    );
  }
  if (fastAlerts !== undefined && fastAlerts !== "on" && fastAlerts !== "off") {
    throw new UsageError(`--fast-alerts must be on or off (got "${fastAlerts}")\n${USAGE}`);
  }
  if (stack === undefined) throw new UsageError(`--stack is required\n${USAGE}`);
  if (!(STACKS as readonly string[]).includes(stack)) {
    throw new UsageError(`unknown stack "${stack}" (expected ${STACKS.join(" or ")})\n${USAGE}`);
  }
  return {
    stack: stack as StackName,
    ...(instances !== undefined ? { instances: Number(instances) } : {}),
    ...(fastAlerts !== undefined ? { fastAlerts: fastAlerts === "on" } : {}),
  };
}
