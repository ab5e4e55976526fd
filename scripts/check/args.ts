/** Command line of the check: `--stack dev|prod` (or `--stack=dev`). */
export const STACKS = ["dev", "prod"] as const;
export type StackName = (typeof STACKS)[number];

export const USAGE = `usage: npm run check -- --stack <${STACKS.join("|")}>`;

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): { stack: StackName } {
  let stack: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--stack") stack = argv[++i];
    else if (arg.startsWith("--stack=")) stack = arg.slice("--stack=".length);
    else throw new UsageError(`unknown argument "${arg}"\n${USAGE}`);
  }
  if (stack === undefined) throw new UsageError(`--stack is required\n${USAGE}`);
  if (!(STACKS as readonly string[]).includes(stack)) {
    throw new UsageError(`unknown stack "${stack}" (expected ${STACKS.join(" or ")})\n${USAGE}`);
  }
  return { stack: stack as StackName };
}
