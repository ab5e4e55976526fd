/** `npm run check -- --stack dev|prod`: review a stack's plan, policies and cost offline. */
import { StackConfigError } from "../config/load";
import { parseArgs, UsageError } from "./check/args";
import { runCheck } from "./check/main";

async function main(): Promise<number> {
  try {
    const { stack } = parseArgs(process.argv.slice(2));
    const result = await runCheck({ stack });
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
