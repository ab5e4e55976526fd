import { expect } from "chai";
import type { Branch } from "../../components/collector-workflow/asl";
import { buildDefinition } from "../../components/collector-workflow/definition";
import {
  EXECUTION_TIMEOUT_MARGIN_SECONDS,
  executionTimeoutSeconds,
  worstCasePathSeconds,
  worstCaseTaskSeconds,
} from "../../components/collector-workflow/execution-timeout";
import { worstCaseBranchSeconds } from "../../components/collector-workflow/validate";
import { localWorkflow } from "../../local/task-bindings";

const base = {
  collectorFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:wf-collector",
  alertTopicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
  environment: "dev",
};
const retry = (IntervalSeconds: number, MaxAttempts: number, BackoffRate: number) => ({
  ErrorEquals: ["States.ALL"],
  IntervalSeconds,
  MaxAttempts,
  BackoffRate,
});
const task = (seconds: number, next?: string) => ({
  Type: "Task" as const,
  Resource: "arn:aws:states:::lambda:invoke",
  Parameters: {},
  TimeoutSeconds: seconds,
  ...(next ? { Next: next } : { End: true as const }),
});

/** One shard over a 3-hour window, as the collector's plan answers. */
const PLAN = {
  execution_id: "run",
  scheduled_time: "2025-03-01T03:00:00.000Z",
  window_start: "2025-03-01T00:00:00.000Z",
  window_end: "2025-03-01T03:00:00.000Z",
  instances: 1,
  shard_count: 1,
  shards: [0],
};

describe("execution-level TimeoutSeconds", () => {
  it("a Task's worst case is every attempt timing out plus every backoff pause", () => {
    expect(worstCaseTaskSeconds(45, [])).to.equal(45);
    expect(worstCaseTaskSeconds(45, [retry(10, 3, 2)])).to.equal(45 * 4 + 10 + 20 + 40);
    // The longest retrier counts, not the first.
    expect(worstCaseTaskSeconds(30, [retry(2, 2, 2), retry(1, 5, 1)])).to.equal(30 * 6 + 5);
  });

  it("the default definition's timeout covers the plan, the slowest branch and the failure notification", () => {
    const def = buildDefinition(base);
    const branch = worstCaseBranchSeconds({
      collectorTimeout: 30,
      taskTimeout: 45,
      retry: { intervalSeconds: 10, maxAttempts: 3, backoffRate: 2 },
    });
    const notify = worstCaseTaskSeconds(30, [retry(2, 2, 2)]);
    // The plan invokes the collector with the same timeout and retries as a shard.
    expect(def.TimeoutSeconds).to.equal(2 * branch + notify + EXECUTION_TIMEOUT_MARGIN_SECONDS);
    expect(def.TimeoutSeconds).to.equal(656);
  });

  it("grows with the task timeout and the retries, and an explicit value wins", () => {
    const longer = buildDefinition({ ...base, taskTimeoutSeconds: 100 });
    const moreRetries = buildDefinition({ ...base, retry: { maxAttempts: 6 } });
    expect(longer.TimeoutSeconds).to.equal(656 + 2 * 4 * 55);
    expect(moreRetries.TimeoutSeconds).to.equal(
      2 * (45 * 7 + 10 * (1 + 2 + 4 + 8 + 16 + 32)) + 96 + EXECUTION_TIMEOUT_MARGIN_SECONDS,
    );
    expect(buildDefinition({ ...base, executionTimeoutSeconds: 900 }).TimeoutSeconds).to.equal(900);
  });

  it("takes the slowest way through Choice, Catch, Parallel and Map states", () => {
    const branch: Branch = {
      StartAt: "Pick",
      States: {
        Pick: {
          Type: "Choice",
          Choices: [{ Variable: "$.x", NumericEquals: 1, Next: "Fast" }],
          Default: "Slow",
        },
        Fast: task(5),
        Slow: { ...task(20, "Fast"), Catch: [{ ErrorEquals: ["States.ALL"], Next: "Both" }] },
        Both: {
          Type: "Parallel",
          Branches: [
            { StartAt: "A", States: { A: task(7) } },
            { StartAt: "B", States: { B: task(70) } },
          ],
          End: true,
        },
      },
    };
    expect(worstCasePathSeconds(branch)).to.equal(20 + 70);
    const map = {
      StartAt: "Each",
      States: {
        Each: { Type: "Map", ItemProcessor: { StartAt: "T", States: { T: task(10) } }, End: true },
      },
    } as unknown as Branch;
    expect(worstCasePathSeconds(map, 3)).to.equal(30);
  });

  it("refuses what it cannot bound: a Task without a timeout, a loop, a dangling Next", () => {
    const noTimeout = {
      StartAt: "T",
      States: { T: { Type: "Task", Resource: "x", Parameters: {}, End: true } },
    } as unknown as Branch;
    expect(() => executionTimeoutSeconds(noTimeout)).to.throw("Task T has no TimeoutSeconds");
    const loop: Branch = { StartAt: "A", States: { A: task(1, "B"), B: task(1, "A") } };
    expect(() => executionTimeoutSeconds(loop)).to.throw("part of a loop");
    const dangling: Branch = { StartAt: "A", States: { A: task(1, "Nowhere") } };
    expect(() => executionTimeoutSeconds(dangling)).to.throw("no state named Nowhere");
  });

  it("fires: an execution still running at its TimeoutSeconds ends timed out", async function () {
    this.timeout(10_000);
    let hung = 0;
    const execute = localWorkflow(buildDefinition({ ...base, executionTimeoutSeconds: 1 }), {
      // Shorter than the 45 s task timeout: only the execution's own timeout can end this run.
      plan: async () => PLAN,
      collect: () => {
        hung++;
        return new Promise((resolve) => setTimeout(resolve, 3_000));
      },
      publish: () => "message-1",
    });
    const error = await execute("hung-run").then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).to.equal("ExecutionTimeoutError");
    expect(hung).to.equal(4);
  });

  it("does not fire for a run that finishes in time", async () => {
    const execute = localWorkflow(buildDefinition({ ...base, executionTimeoutSeconds: 1 }), {
      plan: async () => PLAN,
      collect: async () => ({ record_count: 1 }),
      publish: () => "message-1",
    });
    expect((await execute("quick-run")).status).to.equal("succeeded");
  });
});
