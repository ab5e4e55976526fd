import { expect } from "chai";
import * as errors from "../../contract/errors";

/** Every class of the module, by the name its errors carry. */
const classes = Object.values(errors).filter(
  (v): v is typeof errors.PipelineError & { errorName: string } =>
    typeof v === "function" && v.prototype instanceof errors.PipelineError,
);

/**
 * One error of each class, with the name, retryable flag and message it must keep: alarms,
 * docs/runbooks.md and log searches use the names.
 */
const CASES: readonly [errors.PipelineError, string, boolean, string][] = [
  [new errors.LambdaServiceException("m"), "Lambda.ServiceException", true, "m"],
  [new errors.LambdaAwsLambdaException("m"), "Lambda.AWSLambdaException", true, "m"],
  [new errors.LambdaSdkClientException("m"), "Lambda.SdkClientException", true, "m"],
  [new errors.LambdaTooManyRequestsException("m"), "Lambda.TooManyRequestsException", true, "m"],
  [new errors.AthenaTooManyRequestsException("m"), "Athena.TooManyRequestsException", true, "m"],
  [new errors.AthenaInternalServerException("m"), "Athena.InternalServerException", true, "m"],
  [
    new errors.CollectionIncompleteError("2 cpu value(s)"),
    "CollectionIncomplete",
    false,
    "2 cpu value(s)",
  ],
  [
    new errors.UnprocessedItemsError(4, 8),
    "UnprocessedItemsError",
    true,
    "4 item(s) were not written to the hot table: still unprocessed after 8 BatchWriteItem attempts",
  ],
  [
    new errors.ObjectInProgressError({ bucket: "b", key: "k" }, Date.UTC(2026, 0, 1)),
    "ObjectInProgressError",
    true,
    "s3://b/k is being processed by another invocation (its lock expires at 2026-01-01T00:00:00.000Z)",
  ],
  [
    new errors.ObjectChangedError({ bucket: "b", key: "k", ifMatch: '"e1"' }, '"e2"'),
    "ObjectChangedError",
    false,
    's3://b/k now holds "e2", not "e1"',
  ],
  [new errors.UnreadableBodyError("not UTF-8"), "UnreadableBodyError", false, "not UTF-8"],
  [
    new errors.StackConfigError(["a: bad", "b: worse"]),
    "StackConfigError",
    false,
    "Invalid stack config:\n  - a: bad\n  - b: worse",
  ],
  [
    new errors.UnsupportedFieldError("metadata.x", "bigint"),
    "UnsupportedFieldError",
    false,
    'metadata.x: no Glue column type for zod type "bigint"',
  ],
  [new errors.UsageError("--port"), "UsageError", false, "--port"],
  [new errors.PackConfigError("invalid"), "PackConfigError", false, "invalid"],
  [new errors.CommandError("in use"), "CommandError", false, "in use"],
  [new errors.DataDirLocked("in use"), "DataDirLocked", false, "in use"],
  [
    new errors.CompactionFailedError([
      { day: "2026-01-01", outcome: "failed", error: { Error: "Athena.Failed", Cause: "boom" } },
      { day: "2026-01-02", outcome: "compacted" },
    ]),
    "DayCompactionFailed",
    false,
    "compaction of 2026-01-01 (Athena.Failed: boom) failed",
  ],
];

describe("the error hierarchy (contract/errors.ts)", () => {
  it("every error is a PipelineError and an Error, with its name, retryable flag and message", () => {
    for (const [error, name, retryable, message] of CASES) {
      expect(error, name).to.be.instanceOf(errors.PipelineError).and.instanceOf(Error);
      expect([error.name, error.retryable, error.message], name).to.deep.equal([
        name,
        retryable,
        message,
      ]);
      expect(String(error.stack).split("\n")[0], name).to.equal(
        `${name}: ${message.split("\n")[0]}`,
      );
    }
  });

  it("each class's errorName is its errors' name, and the cases above cover every class", () => {
    expect(classes.map((c) => c.errorName).sort()).to.deep.equal(CASES.map((c) => c[1]).sort());
    for (const [error, name] of CASES) {
      expect((error.constructor as { errorName?: string }).errorName).to.equal(name);
    }
  });

  it("keeps the context it was thrown with", () => {
    expect(new errors.UnprocessedItemsError(4, 8)).to.include({ unwritten: 4, attempts: 8 });
    expect(new errors.StackConfigError(["a: bad"]).problems).to.deep.equal(["a: bad"]);
    expect(new errors.ObjectInProgressError({ bucket: "b", key: "k" }, 5).lockUntilMs).to.equal(5);
    expect(new errors.CompactionFailedError([{ day: "d", outcome: "failed" }]).days).to.deep.equal([
      { day: "d", outcome: "failed" },
    ]);
  });

  it("a DataDirLocked is a CommandError: the CLI prints its message and exits 2", () => {
    expect(new errors.DataDirLocked("x")).to.be.instanceOf(errors.CommandError);
  });
});
