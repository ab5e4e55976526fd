/** `npm run check -- --stack dev|prod [--instances N] [--fast-alerts on|off]`: review a stack's plan, policies and cost offline. */
import { StackConfigError } from "../config/load";
import { parseArgs, UsageError } from "./check/args";
import { runCheck } from "./check/main";

async function main(): Promise<number> {
  try {
    const { stack, instances, fastAlerts } = parseArgs(process.argv.slice(2));
    const result = await runCheck({
      stack,
      ...(instances !== undefined ? { instances } : {}),
      ...(fastAlerts !== undefined
        ? { configOverrides: { "infra-monitoring:fastAlerts": fastAlerts } }
        : {}),
    });
    console.log(result.output);
    return result.exitCode;
  } catch (err) {
    if (err instanceof UsageError || err instanceof StackConfigError) {
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
