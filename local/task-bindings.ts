/**
 * Bindings of the definition's Task states to local functions, shaped like the AWS service
 * integrations they replace, so the definition's paths run unchanged under
 * aws-local-stepfunctions (overrides.taskResourceLocalHandlers).
 */
import type { Json } from "../components/collector-workflow/asl";

/** An error carrying the name Step Functions would report (matched by Retry and Catch). */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * arn:aws:states:::lambda:invoke: the state's effective input is { FunctionName, Payload },
 * the result { StatusCode, Payload }. A function error surfaces as Step Functions reports it:
 * Error is the errorType, Cause the JSON of errorType and errorMessage.
 */
export function lambdaInvoke(
  handler: (payload: Record<string, unknown>) => Promise<unknown>,
): (input: Json) => Promise<Json> {
  return async (input) => {
    const payload = (input as { Payload: Record<string, unknown> }).Payload;
    let result: unknown;
    try {
      result = await handler(payload);
    } catch (err) {
      const e = err as Error;
      throw namedError(e.name, JSON.stringify({ errorType: e.name, errorMessage: e.message }));
    }
    return { StatusCode: 200, Payload: result as Json };
  };
}

export interface PublishedMessage {
  readonly TopicArn: string;
  readonly Subject: string;
  readonly Message: string;
}

/** arn:aws:states:::sns:publish: hands the message over, answers with its MessageId. */
export function snsPublish(deliver: (message: PublishedMessage) => string): (input: Json) => Json {
  return (input) => ({ MessageId: deliver(input as unknown as PublishedMessage) });
}
