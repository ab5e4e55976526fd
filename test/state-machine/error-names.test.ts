import { expect } from "chai";
import { buildCompactionDefinition } from "../../components/analytics-catalog/compaction-definition";
import { buildDefinition } from "../../components/collector-workflow/definition";
import * as errors from "../../contract/errors";

/** The error names Step Functions itself defines (the Amazon States Language's error names). */
const STATES_ERRORS = [
  "States.ALL",
  "States.BranchFailed",
  "States.DataLimitExceeded",
  "States.ExceedToleratedFailureThreshold",
  "States.HeartbeatTimeout",
  "States.Http.Socket",
  "States.IntrinsicFailure",
  "States.ItemReaderFailed",
  "States.NoChoiceMatched",
  "States.ParameterPathFailure",
  "States.Permissions",
  "States.ResultPathMatchFailure",
  "States.ResultWriterFailed",
  "States.Runtime",
  "States.TaskFailed",
  "States.Timeout",
];

interface Matcher {
  readonly ErrorEquals: readonly string[];
}
interface Task {
  readonly name: string;
  readonly Resource: string;
  readonly Retry: readonly Matcher[];
  readonly Catch: readonly Matcher[];
}

/** Every state with a Retry or Catch, nested ones included. */
function tasks(definition: unknown): Task[] {
  const found: Task[] = [];
  const visit = (node: unknown) => {
    if (typeof node !== "object" || node === null) return;
    const states = (node as { States?: Record<string, Record<string, unknown>> }).States;
    for (const [name, state] of Object.entries(states ?? {})) {
      if (state.Retry || state.Catch) {
        found.push({
          name,
          Resource: String(state.Resource),
          Retry: (state.Retry ?? []) as Matcher[],
          Catch: (state.Catch ?? []) as Matcher[],
        });
      }
      for (const value of Object.values(state)) {
        if (Array.isArray(value)) value.forEach(visit);
        else visit(value);
      }
    }
  };
  visit(JSON.parse(JSON.stringify(definition)));
  return found;
}

const COLLECTOR = tasks(
  buildDefinition({
    collectorFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:collector",
    alertTopicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
    environment: "dev",
    notifyOnSuccess: true,
  }),
);
const COMPACTION = tasks(
  buildCompactionDefinition({
    workgroup: "wg",
    database: "db",
    rawTable: "metrics",
    lakeBucket: "lake",
  }),
);

const names = (ts: readonly Task[], field: "Retry" | "Catch") =>
  [...new Set(ts.flatMap((t) => t[field].flatMap((m) => m.ErrorEquals)))].sort();
/** Whether a Retry of the task matches an error of this name, wildcards included. */
const retriedAt = (task: Task, name: string) =>
  task.Retry.some((r) =>
    r.ErrorEquals.some((e) => e === name || e === "States.ALL" || e === "States.TaskFailed"),
  );
const errorOf = (name: string) => {
  const found = Object.values(errors).find(
    (v) => typeof v === "function" && (v as { errorName?: string }).errorName === name,
  ) as (new (message: string) => errors.PipelineError) | undefined;
  if (!found) throw new Error(`no class in contract/errors.ts is named ${name}`);
  return new found("m");
};

describe("the state machines' error names", () => {
  it("every ErrorEquals entry is a States.* name or the name of a class in errors.ts", () => {
    const classNames = Object.values(errors)
      .filter((v) => typeof v === "function" && v.prototype instanceof errors.PipelineError)
      .map((v) => (v as unknown as { errorName: string }).errorName);
    const all = [...COLLECTOR, ...COMPACTION].flatMap((t) =>
      [...t.Retry, ...t.Catch].flatMap((m) => m.ErrorEquals),
    );
    expect(all).to.have.length.above(20);
    for (const name of all) {
      expect(STATES_ERRORS.includes(name) || classNames.includes(name), name).to.equal(true);
    }
  });

  it("the collector workflow retries the four Lambda service errors and catches the rest", () => {
    expect(names(COLLECTOR, "Retry")).to.deep.equal([
      "Lambda.AWSLambdaException",
      "Lambda.SdkClientException",
      "Lambda.ServiceException",
      "Lambda.TooManyRequestsException",
      "States.TaskFailed",
    ]);
    expect(names(COLLECTOR, "Catch")).to.deep.equal(["States.ALL"]);
  });

  it("the compaction workflow retries Athena's throttling and internal errors", () => {
    expect(names(COMPACTION, "Retry")).to.deep.equal([
      "Athena.InternalServerException",
      "Athena.TooManyRequestsException",
      "States.TaskFailed",
    ]);
    expect(names(COMPACTION, "Catch")).to.deep.equal(["States.ALL"]);
  });

  it("a class is retryable exactly when the state machines retry it where it can occur", () => {
    const invokes = COLLECTOR.filter((t) => t.Resource === "arn:aws:states:::lambda:invoke");
    const athena = COMPACTION.filter((t) => t.Resource.startsWith("arn:aws:states:::athena:"));
    expect(invokes.map((t) => t.name)).to.include.members(["PlanCollection", "CollectCpuShard"]);
    expect(invokes).to.have.length(5);
    expect(athena.map((t) => t.name)).to.have.members(["PlanCompaction", "ReadPlan", "UnloadDay"]);
    // Where each error can occur, and whether it must be retried there.
    const cases: [string, readonly Task[], boolean][] = [
      ["Lambda.ServiceException", invokes, true],
      ["Lambda.AWSLambdaException", invokes, true],
      ["Lambda.SdkClientException", invokes, true],
      ["Lambda.TooManyRequestsException", invokes, true],
      // The collector's own error: the shard is reported failed, not run again.
      ["CollectionIncomplete", invokes, false],
      ["Athena.TooManyRequestsException", athena, true],
      ["Athena.InternalServerException", athena, true],
    ];
    for (const [name, where, retried] of cases) {
      expect(errorOf(name).retryable, name).to.equal(retried);
      for (const task of where)
        expect(retriedAt(task, name), `${name} at ${task.name}`).to.equal(retried);
    }
  });
});
