/** `npm run check -- --stack NAME [--preview] [--instances N] [--fast-alerts on|off]`: review a stack's plan, policies and cost offline. */
import { readFileSync } from "node:fs";
import { StackConfigError } from "../config/load";
import { parseArgs, UsageError } from "./check/args";
import { runCheck } from "./check/main";
import { PackConfigError } from "./check/pack-config";

function readPolicyConfig(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`--policy-config ${file}: ${(err as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--policy-config ${file}: must be a JSON object of policy names`);
  }
  return parsed as Record<string, unknown>;
}

async function main(): Promise<number> {
  try {
    const args = parseArgs(process.argv.slice(2));
    const result = await runCheck({
      stack: args.stack,
      preview: args.preview,
      ...(args.policyConfig ? { policyConfig: readPolicyConfig(args.policyConfig) } : {}),
      ...(args.instances !== undefined ? { instances: args.instances } : {}),
      ...(args.fastAlerts !== undefined
        ? { configOverrides: { "infra-monitoring:fastAlerts": args.fastAlerts } }
        : {}),
    });
    console.log(result.output);
    return result.exitCode;
  } catch (err) {
    if (
      err instanceof UsageError ||
      err instanceof StackConfigError ||
      err instanceof PackConfigError
    ) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
