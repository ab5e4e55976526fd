import { install } from "@sinonjs/fake-timers";
import { expect } from "chai";
import { performance } from "node:perf_hooks";
import { buildDefinition } from "../../components/collector-workflow/definition";
import { LambdaTooManyRequestsException } from "../../contract/errors";
import { localWorkflow, type LocalWorkflowOptions } from "../../local/task-bindings";

/** The collector's default workflow, as deployed: 10 s, backoff 2, three retries. */
const DEFINITION = buildDefinition({
  collectorFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:collector",
  alertTopicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
  environment: "dev",
});
const CPU_SHARD = "CollectCpuShard";
const PLAN = {
  scheduled_time: "2025-03-01T09:00:00.000Z",
  window_start: "2025-03-01T06:00:00.000Z",
  window_end: "2025-03-01T09:00:00.000Z",
  shard_count: 1,
  shards: [0],
};

/**
 * Runs the workflow whose cpu shard is throttled `failures` times, then answers. Resolves with
 * the cpu branch's outcome and the time of each cpu attempt, read from `now`.
 */
function throttledRun(failures: number, now: () => number, options: LocalWorkflowOptions) {
  const attempts: number[] = [];
  const execute = localWorkflow(
    DEFINITION,
    {
      plan: async () => PLAN,
      collect: async (type) => {
        if (type !== "cpu") return { record_count: 1 };
        attempts.push(now());
        if (attempts.length <= failures) throw new LambdaTooManyRequestsException("Rate exceeded");
        return { record_count: 1 };
      },
      publish: () => "message-1",
    },
    options,
  );
  return {
    attempts,
    done: execute("throttled").then((output) => output.branches[0]),
  };
}

const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - (times[i] ?? 0));

describe("the collector's retry backoff, executed", () => {
  describe("real waits, scaled to 10 ms by aws-local-stepfunctions' retryIntervalOverrides", () => {
    const scaled = { retryIntervals: { [CPU_SHARD]: 10 } };
    const now = () => performance.now();

    it("three throttled attempts, then the fourth lands: each retry waited", async () => {
      const run = throttledRun(3, now, scaled);
      expect(await run.done).to.include({ metric_type: "cpu", status: "succeeded" });
      expect(run.attempts).to.have.length(4);
      for (const gap of gaps(run.attempts)) expect(gap).to.be.within(9, 1000);
    });

    it("MaxAttempts 3: the fourth throttled attempt goes to the Catch, no fifth attempt", async () => {
      const run = throttledRun(10, now, scaled);
      expect(await run.done).to.include({
        metric_type: "cpu",
        status: "failed",
        error: "Lambda.TooManyRequestsException",
      });
      expect(run.attempts).to.have.length(4);
    });
  });

  describe("the definition's own intervals, on a fake clock", () => {
    // The runtime's override replaces IntervalSeconds x BackoffRate^n with one fixed pause,
    // so the growth itself is measured unscaled, on a clock the test moves.
    let clock: ReturnType<typeof install>;
    beforeEach(() => (clock = install({ toFake: ["setTimeout", "clearTimeout", "Date"] })));
    afterEach(() => clock.uninstall());
    const unscaled = { retryIntervals: { [CPU_SHARD]: null } };

    it("waits 10 s, 20 s, then 40 s: BackoffRate 2 from IntervalSeconds 10", async () => {
      const run = throttledRun(3, () => Date.now(), unscaled);
      await clock.tickAsync(200_000);
      expect(await run.done).to.include({ status: "succeeded" });
      expect(gaps(run.attempts)).to.deep.equal([10_000, 20_000, 40_000]);
    });

    it("after 70 s of backoff the fourth failure is caught; nothing waits for a fifth attempt", async () => {
      const run = throttledRun(10, () => Date.now(), unscaled);
      const started = Date.now();
      await clock.tickAsync(200_000);
      expect(await run.done).to.include({ status: "failed" });
      expect(gaps(run.attempts)).to.deep.equal([10_000, 20_000, 40_000]);
      expect((run.attempts.at(-1) ?? 0) - started).to.equal(70_000);
    });
  });

  describe("the definition's own interval, in real time", () => {
    // Runs last: the warm-up (loading, the first validation) is paid by the tests above.
    it("the first retry, unscaled, really waits its 10 s", async function () {
      this.timeout(20_000);
      const run = throttledRun(1, () => performance.now(), {
        retryIntervals: { [CPU_SHARD]: null },
      });
      expect(await run.done).to.include({ status: "succeeded" });
      expect(run.attempts).to.have.length(2);
      expect(gaps(run.attempts)[0]).to.be.within(10_000, 12_000);
    });
  });
});
