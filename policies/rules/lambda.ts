import type {
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { forType, isSet, known, label, ofType, referencing } from "./helpers";
import { TYPES } from "./types";

/**
 * Runtimes AWS supports and has not scheduled for deprecation within six months (checked
 * 2026-11 against the Lambda runtimes page). nodejs20.x was deprecated on 2026-04-30.
 */
export const SUPPORTED_RUNTIMES: readonly string[] = Object.freeze([
  "nodejs22.x",
  "nodejs24.x",
  "python3.12",
  "python3.13",
  "python3.14",
  "java21",
  "java25",
  "dotnet8",
  "dotnet10",
  "ruby3.4",
  "provided.al2023",
]);

/**
 * The pipeline's functions read one metric type or stream one object per invocation: the
 * collector gets 30 s (under the workflow's task timeout), the processor five minutes, the
 * cap. Configurable per pack config (`maxTimeoutSeconds`), never above Lambda's own 900 s.
 */
export const TIMEOUT_BOUNDS = Object.freeze({ min: 1, max: 300, lambdaMax: 900 });

/** Services that invoke Lambda asynchronously (event-driven, no caller waiting). */
const ASYNC_INVOKERS = [
  "s3.amazonaws.com",
  "sns.amazonaws.com",
  "events.amazonaws.com",
  "scheduler.amazonaws.com",
  "logs.amazonaws.com",
  "ses.amazonaws.com",
  "iot.amazonaws.com",
];

export const lambdaRuntime: ResourceValidationPolicy = {
  name: "lambda-supported-runtime",
  description: `Lambda functions use a supported runtime (${SUPPORTED_RUNTIMES.join(", ")}).`,
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.function, (props, _args, report) => {
    // Container-image functions have no runtime.
    if (props.packageType === "Image") return;
    const runtime = props.runtime as string | undefined;
    if (runtime === undefined) {
      report("No runtime is set.");
    } else if (!SUPPORTED_RUNTIMES.includes(runtime)) {
      report(
        `Runtime ${runtime} is deprecated or not supported; use one of ${SUPPORTED_RUNTIMES.join(", ")}.`,
      );
    }
  }),
};

export const lambdaTracing: ResourceValidationPolicy = {
  name: "lambda-active-tracing",
  description: "Lambda functions have X-Ray active tracing.",
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.function, (props, _args, report) => {
    if (props.tracingConfig?.mode !== "Active") {
      report("X-Ray tracing is not Active (tracingConfig.mode).");
    }
  }),
};

export const lambdaTimeout: ResourceValidationPolicy = {
  name: "lambda-timeout",
  description: `Lambda functions set a timeout between ${TIMEOUT_BOUNDS.min} and ${TIMEOUT_BOUNDS.max} seconds.`,
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      maxTimeoutSeconds: { type: "integer", minimum: 1, maximum: TIMEOUT_BOUNDS.lambdaMax },
    },
  },
  validateResource: forType(TYPES.function, (props, args, report) => {
    const max =
      args.getConfig<{ maxTimeoutSeconds?: number }>().maxTimeoutSeconds ?? TIMEOUT_BOUNDS.max;
    const timeout = props.timeout as number | undefined;
    if (timeout === undefined) {
      report(
        `No timeout is set (the 3 s default is rarely right); set ${TIMEOUT_BOUNDS.min}-${max} seconds.`,
      );
    } else if (timeout < TIMEOUT_BOUNDS.min || timeout > max) {
      report(`Timeout ${timeout} s is outside ${TIMEOUT_BOUNDS.min}-${max} seconds.`);
    }
  }),
};

/** A principal that is an AWS service rather than an account or role. */
const isServicePrincipal = (principal: string) => /\.amazonaws\.com(\.cn)?$/.test(principal);

export const lambdaPermissionScoped: ResourceValidationPolicy = {
  name: "lambda-permission-scoped",
  description:
    'Lambda permissions never grant Principal "*"; a service principal carries sourceArn and sourceAccount (confused deputy).',
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.permission, (props, _args, report) => {
    const principal = props.principal as string | undefined;
    if (principal === "*") {
      report('The permission lets anyone invoke the function (principal "*").');
      return;
    }
    if (principal === undefined || !isServicePrincipal(principal)) return;
    const missing = ["sourceArn", "sourceAccount"].filter((k) => !isSet(() => props[k]));
    if (missing.length > 0) {
      report(
        `The permission lets ${principal} invoke the function without ${missing.join(" and ")}, so any account's ${principal.split(".")[0]} resources may.`,
      );
    }
  }),
};

/** The log group a function writes to: loggingConfig.logGroup, else /aws/lambda/<name>. */
function logGroupsOf(fn: PolicyResource, resources: readonly PolicyResource[]): PolicyResource[] {
  const groups = ofType(resources, TYPES.logGroup);
  const configured = known(() => fn.props.loggingConfig?.logGroup as unknown);
  const fnName = known(() => fn.props.name as unknown);
  return groups.filter((g) => {
    if (fn.propertyDependencies.loggingConfig?.some((d) => d.urn === g.urn)) return true;
    const groupName = known(() => g.props.name as unknown);
    if (typeof groupName !== "string") return false;
    if (typeof configured === "string") return configured === groupName;
    return typeof fnName === "string" && groupName === `/aws/lambda/${fnName}`;
  });
}

export const lambdaLogGroup: StackValidationPolicy = {
  name: "lambda-log-group",
  description:
    "Every Lambda function has its log group in the stack, with retention (otherwise Lambda creates one that never expires).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const fn of ofType(args.resources, TYPES.function)) {
      const groups = logGroupsOf(fn, args.resources);
      if (groups.length === 0) {
        report(
          `${label(fn)} has no log group in the stack (loggingConfig.logGroup or /aws/lambda/<name>).`,
          fn.urn,
        );
      } else if (
        !groups.some((g) => (known(() => g.props.retentionInDays as unknown) ?? 0) !== 0)
      ) {
        report(`${label(fn)}: its log group has no retention.`, fn.urn);
      }
    }
  },
};

/** A function is referred to by its name or its ARN. */
const FN_IDS = ["name", "arn"];

function invokedAsynchronously(fn: PolicyResource, resources: readonly PolicyResource[]) {
  return referencing(resources, TYPES.permission, "function", fn, FN_IDS).some((p) =>
    ASYNC_INVOKERS.includes(String(known(() => p.props.principal as unknown))),
  );
}

export const lambdaAsyncFailureDestination: StackValidationPolicy = {
  name: "lambda-async-failure-destination",
  description:
    "Lambda functions invoked asynchronously (by S3, SNS, EventBridge…) have an on-failure destination or a dead-letter queue.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const fn of ofType(args.resources, TYPES.function)) {
      if (!invokedAsynchronously(fn, args.resources)) continue;
      if (known(() => fn.props.deadLetterConfig?.targetArn as unknown) !== undefined) continue;
      if (fn.propertyDependencies.deadLetterConfig?.length) continue;
      const configs = referencing(args.resources, TYPES.invokeConfig, "functionName", fn, FN_IDS);
      const hasDestination = configs.some(
        (c) =>
          (c.propertyDependencies.destinationConfig?.length ?? 0) > 0 ||
          known(() => c.props.destinationConfig?.onFailure?.destination as unknown) !== undefined,
      );
      if (!hasDestination) {
        report(
          `${label(fn)} is invoked asynchronously but has neither an on-failure destination (FunctionEventInvokeConfig) nor a dead-letter queue.`,
          fn.urn,
        );
      }
    }
  },
};

export const lambdaResourcePolicies: readonly ResourceValidationPolicy[] = [
  lambdaRuntime,
  lambdaTracing,
  lambdaTimeout,
  lambdaPermissionScoped,
];
export const lambdaStackPolicies: readonly StackValidationPolicy[] = [
  lambdaLogGroup,
  lambdaAsyncFailureDestination,
];
