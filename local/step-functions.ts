import { SFNClient } from "@aws-sdk/client-sfn";
import type { StartExecutionCommandInput } from "@aws-sdk/client-sfn";
import { LOCAL_STACK } from "./layout";

/** The local compaction's ARN: the processor names it as the deployed one names its stack's. */
export const LOCAL_COMPACTION_ARN = `arn:aws:states:${LOCAL_STACK.region}:000000000000:stateMachine:${LOCAL_STACK.database}-compaction`;

/**
 * A real SFNClient whose StartExecution calls never leave the process: each run asked for is
 * recorded by name (a name asked for again is the same run, as for a running execution), and
 * the caller runs the local compaction once its objects are in.
 */
export function localSfnClient(started: Set<string>): SFNClient {
  const sfn = new SFNClient({
    region: LOCAL_STACK.region,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  sfn.middlewareStack.add(
    (_next, context) => async (args) => {
      if (context.commandName !== "StartExecutionCommand") {
        throw new Error(
          `the local Step Functions stand-in only starts runs (got ${context.commandName})`,
        );
      }
      const input = args.input as StartExecutionCommandInput;
      started.add(input.name ?? "");
      const executionArn = `${LOCAL_COMPACTION_ARN.replace(":stateMachine:", ":execution:")}:${input.name}`;
      return {
        output: { executionArn, startDate: new Date(), $metadata: {} },
        response: {},
      } as never;
    },
    { step: "initialize", name: "localStepFunctions" },
  );
  return sfn;
}
