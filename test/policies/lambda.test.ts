import { expect } from "chai";
import { compliantStack, without, withChange } from "./fixtures";
import { messagesOf } from "./run";

const FN = "processor (aws:lambda/function:Function)";

describe("Lambda rules", () => {
  it("lambda-supported-runtime: a deprecated runtime", async () => {
    const stack = withChange(compliantStack(), "collector", (p) => (p.runtime = "nodejs18.x"));
    const [message] = await messagesOf("lambda-supported-runtime", stack);
    expect(message).to.match(
      /^Runtime nodejs18\.x is deprecated or not supported; use one of nodejs22\.x, /,
    );
  });

  it("lambda-supported-runtime: no runtime on a zip function", async () => {
    const stack = withChange(compliantStack(), "collector", (p) => delete p.runtime);
    expect(await messagesOf("lambda-supported-runtime", stack)).to.deep.equal([
      "No runtime is set.",
    ]);
  });

  it("lambda-active-tracing: PassThrough tracing", async () => {
    const stack = withChange(
      compliantStack(),
      "collector",
      (p) => (p.tracingConfig.mode = "PassThrough"),
    );
    expect(await messagesOf("lambda-active-tracing", stack)).to.deep.equal([
      "X-Ray tracing is not Active (tracingConfig.mode).",
    ]);
  });

  it("lambda-timeout: missing, too long, and the configured bound", async () => {
    const missing = withChange(compliantStack(), "collector", (p) => delete p.timeout);
    expect(await messagesOf("lambda-timeout", missing)).to.deep.equal([
      "No timeout is set (the 3 s default is rarely right); set 1-300 seconds.",
    ]);
    const long = withChange(compliantStack(), "collector", (p) => (p.timeout = 600));
    expect(await messagesOf("lambda-timeout", long)).to.deep.equal([
      "Timeout 600 s is outside 1-300 seconds.",
    ]);
    const config = { "lambda-timeout": { maxTimeoutSeconds: 30 } };
    expect(await messagesOf("lambda-timeout", compliantStack(), config)).to.deep.equal([
      "Timeout 60 s is outside 1-30 seconds.",
      "Timeout 60 s is outside 1-30 seconds.",
    ]);
  });

  it("lambda-log-group: no log group in the stack", async () => {
    const stack = without(compliantStack(), "processor-logs");
    expect(await messagesOf("lambda-log-group", stack)).to.deep.equal([
      `${FN} has no log group in the stack (loggingConfig.logGroup or /aws/lambda/<name>).`,
    ]);
  });

  it("lambda-log-group: the default /aws/lambda/<name> group counts when loggingConfig is unset", async () => {
    const stack = withChange(compliantStack(), "processor", (p) => delete p.loggingConfig);
    expect(await messagesOf("lambda-log-group", stack)).to.deep.equal([]);
  });

  it("lambda-log-group: a log group without retention", async () => {
    const stack = withChange(compliantStack(), "processor-logs", (p) => delete p.retentionInDays);
    expect(await messagesOf("lambda-log-group", stack)).to.deep.equal([
      `${FN}: its log group has no retention.`,
    ]);
  });

  it("lambda-async-failure-destination: an S3-invoked function with no destination", async () => {
    const stack = without(compliantStack(), "processor-async");
    expect(await messagesOf("lambda-async-failure-destination", stack)).to.deep.equal([
      `${FN} is invoked asynchronously but has neither an on-failure destination (FunctionEventInvokeConfig) nor a dead-letter queue.`,
    ]);
  });

  it("lambda-async-failure-destination: a dead-letter queue is enough; sync callers need neither", async () => {
    const dlq = withChange(without(compliantStack(), "processor-async"), "processor", (p) => {
      p.deadLetterConfig = { targetArn: "arn:aws:sqs:eu-west-1:1:dlq" };
    });
    expect(await messagesOf("lambda-async-failure-destination", dlq)).to.deep.equal([]);
    const sync = withChange(
      without(compliantStack(), "processor-async"),
      "processor-from-s3",
      (p) => {
        p.principal = "states.amazonaws.com";
      },
    );
    expect(await messagesOf("lambda-async-failure-destination", sync)).to.deep.equal([]);
  });
});
