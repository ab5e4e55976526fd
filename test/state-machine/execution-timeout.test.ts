import { install } from "@sinonjs/fake-timers";
import { expect } from "chai";
import type { Branch, StateMachineDefinition } from "../../components/collector-workflow/asl";
import {
  buildDefinition,
  type DefinitionOptions,
} from "../../components/collector-workflow/definition";
import {
  healthyRoundSeconds,
  worstCasePathSeconds,
  worstCaseRunSeconds,
  worstCaseTaskSeconds,
} from "../../components/collector-workflow/execution-timeout";
import { worstCaseBranchSeconds } from "../../components/collector-workflow/validate";
import { MAX_SHARDS } from "../../contract/fan-out";
import { localWorkflow, namedError, type WorkflowBindings } from "../../local/task-bindings";

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

/** The plan at the shard cap: 20 rounds of MaxConcurrency 10 per metric type. */
const CAP_PLAN = {
  ...PLAN,
  instances: 100 * MAX_SHARDS,
  shard_count: MAX_SHARDS,
  shards: Array.from({ length: MAX_SHARDS }, (_, i) => i),
};

/** A shard whose every attempt takes `seconds`: the retried ones fail with a Lambda service error. */
function slowShards(seconds: number): WorkflowBindings["collect"] {
  const attempts = new Map<string, number>();
  return (type, payload) =>
    new Promise((resolve, reject) => {
      const key = `${type}/${String(payload.shard_index)}`;
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      // The default MaxAttempts: three retries.
      const retried = n <= 3;
      setTimeout(
        () =>
          retried
            ? reject(namedError("Lambda.TooManyRequestsException", "Rate exceeded"))
            : resolve({ record_count: 1 }),
        seconds * 1000,
      );
    });
}

interface ClockedRun {
  outcome?: { readonly status?: string; readonly error?: string };
  /** Seconds on the fake clock from the start to the end of the execution. */
  seconds?: number;
}

/** Starts an execution of the plan at the shard cap; the test moves the fake clock. */
function startAtCap(definition: StateMachineDefinition, collect: WorkflowBindings["collect"]) {
  const run: ClockedRun = {};
  const started = Date.now();
  const execute = localWorkflow(definition, {
    plan: async () => CAP_PLAN,
    collect,
    publish: () => "message-1",
  });
  void execute("slow-run")
    .then(
      (output) => (run.outcome = { status: output.status }),
      (e: unknown) => (run.outcome = { error: (e as Error).name }),
    )
    .finally(() => (run.seconds = (Date.now() - started) / 1000));
  return run;
}

const timeoutOf = (options: Partial<DefinitionOptions>) =>
  buildDefinition({ ...base, ...options }).TimeoutSeconds;

describe("execution-level TimeoutSeconds", () => {
  it("a Task's worst case is every attempt timing out plus every backoff pause", () => {
    expect(worstCaseTaskSeconds(45, [])).to.equal(45);
    expect(worstCaseTaskSeconds(45, [retry(10, 3, 2)])).to.equal(45 * 4 + 10 + 20 + 40);
    // The longest retrier counts, not the first.
    expect(worstCaseTaskSeconds(30, [retry(2, 2, 2), retry(1, 5, 1)])).to.equal(30 * 6 + 5);
  });

  it("the default covers the plan, every round of the 200-shard cap and the failure notification", () => {
    const def = buildDefinition(base);
    const shard = worstCaseBranchSeconds({
      collectorTimeout: 30,
      taskTimeout: 45,
      retry: { intervalSeconds: 10, maxAttempts: 3, backoffRate: 2 },
    });
    const notify = worstCaseTaskSeconds(30, [retry(2, 2, 2)]);
    const rounds = MAX_SHARDS / 10;
    // The plan invokes the collector with the same timeout and retries as a shard.
    expect(def.TimeoutSeconds).to.equal(shard + rounds * shard + notify + 60);
    expect(def.TimeoutSeconds).to.equal(5406);
    // One healthy round: the plan, a shard and a notification answer once, within their timeouts.
    // 60 s: the margin for the states between Tasks.
    expect(healthyRoundSeconds(def)).to.equal(45 + 45 + 30 + 60);
  });

  it("grows with the rounds, task timeout and retries; the interval caps it, a healthy round floors it", () => {
    // MaxConcurrency 40: 5 rounds.
    expect(timeoutOf({ maxConcurrency: 40 })).to.equal(250 + 5 * 250 + 96 + 60);
    expect(timeoutOf({ taskTimeoutSeconds: 100 })).to.equal(470 + 20 * 470 + 96 + 60);
    // 6 retries: 45 x 7 + 630 s of backoff a shard, 20,001 s in all: the 3-hour interval caps it.
    expect(timeoutOf({ retry: { maxAttempts: 6 } })).to.equal(10_800);
    expect(timeoutOf({ scheduleIntervalSeconds: 3600 })).to.equal(3600);
    expect(timeoutOf({ scheduleIntervalSeconds: 300 })).to.equal(300);
    // rate(1 minute): one healthy round still fits.
    expect(timeoutOf({ scheduleIntervalSeconds: 60 })).to.equal(180);
    expect(timeoutOf({ scheduleIntervalSeconds: 60, taskTimeoutSeconds: 100 })).to.equal(290);
    // Express executions stop at five minutes.
    expect(timeoutOf({ workflowType: "EXPRESS" })).to.equal(300);
    expect(timeoutOf({ workflowType: "EXPRESS", scheduleIntervalSeconds: 60 })).to.equal(180);
    expect(timeoutOf({ executionTimeoutSeconds: 900 })).to.equal(900);
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
    const retried = {
      StartAt: "T",
      States: { T: { ...task(10), Retry: [retry(1, 2, 2)] } },
    } as unknown as Branch;
    expect(worstCasePathSeconds(retried)).to.equal(10 * 3 + 1 + 2);
    expect(worstCasePathSeconds(retried, 1, false)).to.equal(10);
  });

  it("refuses what it cannot bound: a Task without a timeout, a loop, a dangling Next", () => {
    const noTimeout = {
      StartAt: "T",
      States: { T: { Type: "Task", Resource: "x", Parameters: {}, End: true } },
    } as unknown as Branch;
    expect(() => worstCaseRunSeconds(noTimeout)).to.throw("Task T has no TimeoutSeconds");
    const loop: Branch = { StartAt: "A", States: { A: task(1, "B"), B: task(1, "A") } };
    expect(() => worstCaseRunSeconds(loop)).to.throw("part of a loop");
    const dangling: Branch = { StartAt: "A", States: { A: task(1, "Nowhere") } };
    expect(() => worstCaseRunSeconds(dangling)).to.throw("no state named Nowhere");
  });

  it("does not fire for a run that finishes in time", async () => {
    const execute = localWorkflow(buildDefinition({ ...base, executionTimeoutSeconds: 1 }), {
      plan: async () => PLAN,
      collect: async () => ({ record_count: 1 }),
      publish: () => "message-1",
    });
    expect((await execute("quick-run")).status).to.equal("succeeded");
  });

  describe("executed on a fake clock", () => {
    let clock: ReturnType<typeof install>;
    beforeEach(() => {
      clock = install({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    });
    afterEach(() => clock.uninstall());

    it("a slow run at the shard cap is not cut off: every shard retried three times, 44 s an attempt", async () => {
      const run = startAtCap(buildDefinition(base), slowShards(44));
      // The default, 5406 s.
      await clock.tickAsync(5_406_000);
      // 20 rounds of 4 attempts (retries do not pause locally): past one round's 656 s.
      expect(run).to.deep.equal({ outcome: { status: "succeeded" }, seconds: 20 * 4 * 44 });
    });

    it("a hung run ends at the configured executionTimeoutSeconds, not a second earlier", async () => {
      const run = startAtCap(
        buildDefinition({ ...base, executionTimeoutSeconds: 600 }),
        slowShards(44),
      );
      await clock.tickAsync(599_999);
      expect(run).to.deep.equal({});
      await clock.tickAsync(1);
      expect(run).to.deep.equal({ outcome: { error: "ExecutionTimeoutError" }, seconds: 600 });
    });

    it("at an hourly schedule the default is the interval: a run still going then ends there", async () => {
      const def = buildDefinition({
        ...base,
        taskTimeoutSeconds: 60,
        scheduleIntervalSeconds: 3600,
      });
      expect(def.TimeoutSeconds).to.equal(3600);
      // 20 rounds x 4 attempts x 59 s = 4,720 s: past the interval.
      const run = startAtCap(def, slowShards(59));
      await clock.tickAsync(3_599_999);
      expect(run).to.deep.equal({});
      await clock.tickAsync(1);
      expect(run).to.deep.equal({ outcome: { error: "ExecutionTimeoutError" }, seconds: 3600 });
    });
  });
});
