/**
 * Every error the pipeline throws on purpose, and the AWS integration errors its state machines
 * retry, in one hierarchy. Each class's `errorName` is the `name` its errors carry: Step
 * Functions reports a Lambda function's error by that name, and the state machines' Retry and
 * Catch `ErrorEquals` read it from here, so a rename cannot silently stop a retry. The names
 * are stable: alarms, docs/runbooks.md and log searches use them.
 *
 * A leaf module: it imports nothing, so handlers, components, the state machine builders,
 * config and the local run can all import it without pulling in an SDK or Pulumi.
 */

/** The base: `retryable` says whether running the same work again can succeed. */
export abstract class PipelineError extends Error {
  /** True when a retry can succeed (throttling, a lock held for now); false when it cannot. */
  abstract readonly retryable: boolean;

  constructor(name: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = name;
  }
}

// Raised by the AWS services behind the state machines' Task states, not by this code; tests
// raise them from the local run's Task stand-ins. All are worth a retry.

/** A retryable error an AWS integration raises under `errorName`: one shape for all six. */
function awsIntegrationError(errorName: string) {
  return class extends PipelineError {
    static readonly errorName = errorName;
    readonly retryable = true;
    constructor(message: string) {
      super(errorName, message);
    }
  };
}

/** lambda:invoke: the Lambda service failed (not the function). */
export const LambdaServiceException = awsIntegrationError("Lambda.ServiceException");

/** lambda:invoke: an internal error of the Lambda service. */
export const LambdaAwsLambdaException = awsIntegrationError("Lambda.AWSLambdaException");

/** lambda:invoke: the service's client failed to reach Lambda. */
export const LambdaSdkClientException = awsIntegrationError("Lambda.SdkClientException");

/** lambda:invoke: throttled (concurrency or request rate). */
export const LambdaTooManyRequestsException = awsIntegrationError(
  "Lambda.TooManyRequestsException",
);

/** Athena integration: throttled (the account's query quota is shared with analysts). */
export const AthenaTooManyRequestsException = awsIntegrationError(
  "Athena.TooManyRequestsException",
);

/** Athena integration: an internal error of Athena. */
export const AthenaInternalServerException = awsIntegrationError("Athena.InternalServerException");

// Thrown by the handlers.

/**
 * Collector: the records that were read have landed, but some values could not be read even
 * after the source's own retries. The state machine reports the shard failed, naming them.
 */
export class CollectionIncompleteError extends PipelineError {
  static readonly errorName = "CollectionIncomplete";
  readonly retryable = false;
  constructor(message: string) {
    super(CollectionIncompleteError.errorName, message);
  }
}

/** DynamoDB still leaves items unprocessed after every retry (throttling): a redelivery can. */
export class UnprocessedItemsError extends PipelineError {
  static readonly errorName = "UnprocessedItemsError";
  readonly retryable = true;
  constructor(
    readonly unwritten: number,
    readonly attempts: number,
  ) {
    super(
      UnprocessedItemsError.errorName,
      `${unwritten} item(s) were not written to the hot table: still unprocessed after ${attempts} BatchWriteItem attempts`,
    );
  }
}

/** An S3 object's place: bucket and key. */
export interface ObjectPlace {
  readonly bucket: string;
  readonly key: string;
}

/** Processor: another invocation holds the object's lock; a redelivery after it expires works. */
export class ObjectInProgressError extends PipelineError {
  static readonly errorName = "ObjectInProgressError";
  readonly retryable = true;
  constructor(
    readonly object: ObjectPlace,
    readonly lockUntilMs: number,
  ) {
    super(
      ObjectInProgressError.errorName,
      `s3://${object.bucket}/${object.key} is being processed by another invocation ` +
        `(its lock expires at ${new Date(lockUntilMs).toISOString()})`,
    );
  }
}

/** Processor: the key holds other content than the event described (S3 answers If-Match with 412). */
export class ObjectChangedError extends PipelineError {
  static readonly errorName = "ObjectChangedError";
  /** The same read meets the same new content; the new content's own event follows. */
  readonly retryable = false;
  constructor(
    readonly object: ObjectPlace & { readonly ifMatch?: string },
    readonly etag: string | undefined,
  ) {
    super(
      ObjectChangedError.errorName,
      `s3://${object.bucket}/${object.key} now holds ${etag ?? "other content"}, not ${object.ifMatch}`,
    );
  }
}

/** Processor: the body can never be read as UTF-8 lines, whatever a retry does: quarantined. */
export class UnreadableBodyError extends PipelineError {
  static readonly errorName = "UnreadableBodyError";
  readonly retryable = false;
  constructor(message: string) {
    super(UnreadableBodyError.errorName, message);
  }
}

// Thrown at deploy time, by the config, the components and the local commands: a person fixes
// these, a retry never does.

/** Every problem of a stack's config, one per line, each naming its key. */
export class StackConfigError extends PipelineError {
  static readonly errorName = "StackConfigError";
  readonly retryable = false;
  constructor(readonly problems: readonly string[]) {
    super(
      StackConfigError.errorName,
      `Invalid stack config:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

/** A record field whose zod type has no Hive (Glue) counterpart, naming the field. */
export class UnsupportedFieldError extends PipelineError {
  static readonly errorName = "UnsupportedFieldError";
  readonly retryable = false;
  constructor(
    readonly path: string,
    readonly zodType: string,
  ) {
    super(
      UnsupportedFieldError.errorName,
      `${path}: no Glue column type for zod type "${zodType}"`,
    );
  }
}

/** Bad command-line input: the message names the flag; the CLI prints it with the usage. */
export class UsageError extends PipelineError {
  static readonly errorName = "UsageError";
  readonly retryable = false;
  constructor(message: string) {
    super(UsageError.errorName, message);
  }
}

/** `npm run check`: the policy pack config names every bad policy and field at once. */
export class PackConfigError extends PipelineError {
  static readonly errorName = "PackConfigError";
  readonly retryable = false;
  constructor(message: string) {
    super(PackConfigError.errorName, message);
  }
}

/** A failure the user can act on (e.g. the data folder is in use): its message, exit code 2. */
export class CommandError extends PipelineError {
  static readonly errorName: string = "CommandError";
  readonly retryable = false;
  constructor(message: string, name: string = CommandError.errorName) {
    super(name, message);
  }
}

/** The local data folder is in use by a live process. */
export class DataDirLocked extends CommandError {
  static override readonly errorName = "DataDirLocked";
  constructor(message: string) {
    super(message, DataDirLocked.errorName);
  }
}

/** One day of a compaction run's output (local/compaction.ts has the whole shape). */
export interface CompactedDay {
  readonly day: string;
  readonly outcome: string;
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

/**
 * A local compaction run that ended in the state machine's DayCompactionFailed state: the days
 * it compacted anyway are in `days`.
 */
export class CompactionFailedError<Day extends CompactedDay = CompactedDay> extends PipelineError {
  static readonly errorName = "DayCompactionFailed";
  /** The run is over; the next scheduled run compacts the failed days again by itself. */
  readonly retryable = false;
  constructor(readonly days: Day[]) {
    super(
      CompactionFailedError.errorName,
      `compaction of ${days
        .filter((d) => d.outcome === "failed")
        .map((d) => `${d.day} (${d.error?.Error ?? "error"}: ${d.error?.Cause ?? ""})`)
        .join(", ")} failed`,
    );
  }
}
