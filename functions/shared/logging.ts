import { Logger } from "@aws-lambda-powertools/logger";

/** What the handlers need of a logger; Powertools' Logger fits, and tests can pass their own. */
export type Log = Pick<Logger, "debug" | "info" | "warn" | "error" | "appendKeys" | "removeKeys">;

/**
 * JSON logs with the handler's name as `service`. Lambda's log level env vars
 * (POWERTOOLS_LOG_LEVEL, AWS_LAMBDA_LOG_LEVEL) still apply.
 */
export function createLogger(serviceName: string, environment?: string): Logger {
  return new Logger({
    serviceName,
    ...(environment ? { persistentKeys: { environment } } : {}),
  });
}
