/**
 * Prints the policy pack config of a stack (JSON), for `pulumi preview --policy-pack-config`:
 * the budget policy gets the same budget and facts the offline check prices, from
 * Pulumi.<stack>.yaml, so the stack file stays the one place they are set.
 *   npm run --silent policy-config -- --stack dev > policy-config.dev.json
 * (without --silent, npm's banner lands in the file ahead of the JSON).
 */
import { StackConfigError } from "../../config/load";
import { parseArgs, UsageError } from "./args";
import { policyPackConfigFor } from "./policy-config";

try {
  const { stack } = parseArgs(process.argv.slice(2));
  console.log(JSON.stringify(policyPackConfigFor(stack), null, 2));
} catch (err) {
  if (!(err instanceof UsageError || err instanceof StackConfigError)) throw err;
  console.error(err.message);
  process.exitCode = 2;
}
