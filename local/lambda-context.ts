import type { Context } from "aws-lambda";
import { COLLECTOR_WORKFLOW_DEFAULTS } from "../contract/defaults/collector-workflow";
import { LOCAL_STACK } from "./layout";

/**
 * What Lambda hands the processor on each invocation. The processor's ledger needs the time
 * left, to let a retry take over a lock whose invocation timed out.
 */
export function processorContext(requestId: string): Context {
  const deadline = Date.now() + COLLECTOR_WORKFLOW_DEFAULTS.processor.timeoutSeconds * 1000;
  const functionName = LOCAL_STACK.processorArn.split(":").pop() ?? "processor";
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: LOCAL_STACK.processorArn,
    memoryLimitInMB: String(COLLECTOR_WORKFLOW_DEFAULTS.processor.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
