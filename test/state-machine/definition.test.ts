import aslValidator from "asl-validator";
import { expect } from "chai";
import type { TaskState } from "../../components/collector-workflow/asl";
import {
  buildDefinition,
  intrinsicLiteral,
  LAMBDA_RETRY_ERRORS,
  WORKFLOW_STATE_NAMES,
} from "../../components/collector-workflow/definition";
import { METRIC_TYPES } from "../../contract/metric-record";

const FN = "arn:aws:lambda:eu-west-1:123456789012:function:wf-collector";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts";
const base = { collectorFunctionArn: FN, alertTopicArn: TOPIC, environment: "dev" };

/** Every state of the definition, branches included, by name. */
function allStates(def: ReturnType<typeof buildDefinition>): Map<string, Record<string, unknown>> {
  const states = new Map<string, Record<string, unknown>>();
  const visit = (s: { States: Record<string, unknown> }) => {
    for (const [name, state] of Object.entries(s.States)) {
      expect(states.has(name), `duplicate state ${name}`).to.equal(false);
      states.set(name, state as Record<string, unknown>);
      const nested = state as {
        Branches?: { States: Record<string, unknown> }[];
        ItemProcessor?: { States: Record<string, unknown> };
      };
      nested.Branches?.forEach(visit);
      if (nested.ItemProcessor) visit(nested.ItemProcessor);
    }
  };
  visit(def as unknown as { States: Record<string, unknown> });
  return states;
}

describe("state machine definition", () => {
  it("is valid Amazon States Language, with and without the success notification", () => {
    for (const notifyOnSuccess of [false, true]) {
      const result = aslValidator(
        JSON.parse(JSON.stringify(buildDefinition({ ...base, notifyOnSuccess }))),
      );
      expect(result.errorsText("\n"), `notifyOnSuccess=${notifyOnSuccess}`).to.equal("");
      expect(result.isValid).to.equal(true);
    }
  });

  it("names its states as the local run, alarms and runbooks know them", () => {
    const def = buildDefinition({ ...base, notifyOnSuccess: true });
    const perType = (t: string) => [
      `Check${t}Shards`,
      `Collect${t}`,
      `Collect${t}Shard`,
      `${t}CollectionFailed`,
      `${t}CollectionSucceeded`,
      `${t}ShardFailed`,
      `${t}ShardFailures`,
    ];
    expect([...allStates(def).keys()].sort()).to.deep.equal(
      [
        ...["Cpu", "Memory", "Disk", "Network"].flatMap(perType),
        "CheckPipelineHealth",
        "CheckTotalFailure",
        "CollectMetrics",
        "Done",
        "MarkFailed",
        "MarkPartiallyFailed",
        "MarkSucceeded",
        "NotifyFailure",
        "NotifyPlanFailure",
        "NotifySuccess",
        "PipelineFailed",
        "PlanCollection",
      ].sort(),
    );
  });

  it("plans first: the collector gets the execution input and answers the window and shards", () => {
    const def = buildDefinition(base);
    expect(def.StartAt).to.equal("PlanCollection");
    const plan = def.States[WORKFLOW_STATE_NAMES.plan] as TaskState;
    expect(plan.Parameters).to.deep.equal({
      FunctionName: FN,
      Payload: {
        action: "plan",
        "execution_id.$": "$$.Execution.Name",
        "execution_start_time.$": "$$.Execution.StartTime",
        "input.$": "$",
      },
    });
    expect(Object.keys(plan.ResultSelector ?? {})).to.deep.equal([
      "scheduled_time.$",
      "window_start.$",
      "window_end.$",
      "shard_count.$",
      "shards.$",
    ]);
    expect(plan.Catch).to.deep.equal([
      { ErrorEquals: ["States.ALL"], Next: WORKFLOW_STATE_NAMES.notifyPlanFailure },
    ]);
    expect(def.States[WORKFLOW_STATE_NAMES.notifyPlanFailure]).to.include({
      Next: WORKFLOW_STATE_NAMES.pipelineFailed,
    });
  });

  it("then one Parallel branch per metric type, each a bounded Map over shard numbers", () => {
    const def = buildDefinition({ ...base, maxConcurrency: 7 });
    expect((def.States[WORKFLOW_STATE_NAMES.plan] as TaskState).Next).to.equal(
      WORKFLOW_STATE_NAMES.collect,
    );
    const parallel = def.States[WORKFLOW_STATE_NAMES.collect] as {
      Type: string;
      Branches: unknown[];
    };
    expect(parallel.Type).to.equal("Parallel");
    expect(parallel.Branches).to.have.length(4);
    const states = allStates(def);
    for (const type of METRIC_TYPES) {
      const map = states.get(WORKFLOW_STATE_NAMES.collectShards[type]);
      expect(map).to.deep.include({
        Type: "Map",
        ItemsPath: "$.shards",
        MaxConcurrency: 7,
        ItemSelector: {
          action: "collect",
          metric_type: type,
          "shard_index.$": "$$.Map.Item.Value",
          "shard_count.$": "$.shard_count",
          "scheduled_time.$": "$.scheduled_time",
          "window_start.$": "$.window_start",
          "window_end.$": "$.window_end",
          "execution_id.$": "$$.Execution.Name",
        },
      });
      const task = states.get(WORKFLOW_STATE_NAMES.collectTask[type]) as unknown as TaskState;
      expect(task.Type).to.equal("Task");
      expect(task.Resource).to.equal("arn:aws:states:::lambda:invoke");
      expect(task.Parameters).to.deep.equal({ FunctionName: FN, "Payload.$": "$" });
    }
    expect(buildDefinition(base).States[WORKFLOW_STATE_NAMES.collect]).to.have.nested.property(
      "Branches[0].States.CollectCpu.MaxConcurrency",
      10,
    );
  });

  it("retries the four Lambda service errors with the seeds' 10 s, 20 s, 40 s backoff by default", () => {
    const states = allStates(buildDefinition(base));
    for (const type of METRIC_TYPES) {
      const task = states.get(WORKFLOW_STATE_NAMES.collectTask[type]) as unknown as TaskState;
      expect(task.Retry).to.deep.equal([
        {
          ErrorEquals: [
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException",
          ],
          IntervalSeconds: 10,
          MaxAttempts: 3,
          BackoffRate: 2,
        },
      ]);
      expect(task.TimeoutSeconds).to.equal(45);
    }
    expect(LAMBDA_RETRY_ERRORS).to.have.length(4);
  });

  it("takes the retry and timeout settings from its options", () => {
    const def = buildDefinition({
      ...base,
      taskTimeoutSeconds: 120,
      retry: { intervalSeconds: 5, maxAttempts: 6, backoffRate: 1.5 },
    });
    const task = allStates(def).get(WORKFLOW_STATE_NAMES.collectTask.disk) as unknown as TaskState;
    expect(task.TimeoutSeconds).to.equal(120);
    expect(task.Retry?.[0]).to.include({ IntervalSeconds: 5, MaxAttempts: 6, BackoffRate: 1.5 });
  });

  it("gives every Task state a TimeoutSeconds", () => {
    const def = buildDefinition({ ...base, notifyOnSuccess: true });
    const tasks = [...allStates(def).entries()].filter(([, s]) => s.Type === "Task");
    expect(tasks.map(([n]) => n).sort()).to.deep.equal([
      "CollectCpuShard",
      "CollectDiskShard",
      "CollectMemoryShard",
      "CollectNetworkShard",
      "NotifyFailure",
      "NotifyPlanFailure",
      "NotifySuccess",
      "PlanCollection",
    ]);
    for (const [name, task] of tasks) {
      expect(task.TimeoutSeconds, name).to.be.a("number").and.greaterThan(0);
    }
  });

  it("catches every other error of a shard inside the Map, so the other shards still run", () => {
    const states = allStates(buildDefinition(base));
    for (const type of METRIC_TYPES) {
      const task = states.get(WORKFLOW_STATE_NAMES.collectTask[type]) as unknown as TaskState;
      expect(task.Catch).to.deep.equal([
        { ErrorEquals: ["States.ALL"], Next: WORKFLOW_STATE_NAMES.shardFailed[type] },
      ]);
      expect(states.get(WORKFLOW_STATE_NAMES.shardFailed[type])).to.include({
        Type: "Pass",
        End: true,
      });
      expect(states.get(WORKFLOW_STATE_NAMES.collectShards[type])).to.deep.include({
        ResultSelector: {
          "shards.$": "States.ArrayLength($)",
          "failed.$": "States.ArrayContains($[*].failed, 1)",
          "outcomes.$": "$",
        },
        Next: WORKFLOW_STATE_NAMES.checkShards[type],
      });
      expect(states.get(WORKFLOW_STATE_NAMES.checkShards[type])).to.deep.include({
        Choices: [
          {
            Variable: "$.failed",
            BooleanEquals: true,
            Next: WORKFLOW_STATE_NAMES.shardFailures[type],
          },
        ],
        Default: WORKFLOW_STATE_NAMES.branchSucceeded[type],
      });
      // The filter runs only when a shard failed, so it always matches something.
      expect(states.get(WORKFLOW_STATE_NAMES.shardFailures[type])).to.deep.include({
        Parameters: { "shards.$": "$.shards", "failures.$": "$.outcomes[?(@.failed == 1)]" },
        Next: WORKFLOW_STATE_NAMES.branchFailed[type],
      });
    }
  });

  it("counts failed branches with nested States.MathAdd over each branch's flag", () => {
    const parallel = buildDefinition(base).States[WORKFLOW_STATE_NAMES.collect] as {
      ResultSelector: Record<string, string>;
    };
    expect(parallel.ResultSelector).to.deep.equal({
      "failed_count.$":
        "States.MathAdd(States.MathAdd(States.MathAdd($[0].failed, $[1].failed), $[2].failed), $[3].failed)",
      "branches.$": "$",
    });
    const one = buildDefinition({ ...base, metricTypes: ["cpu"] }).States[
      WORKFLOW_STATE_NAMES.collect
    ] as {
      ResultSelector: Record<string, string>;
    };
    expect(one.ResultSelector["failed_count.$"]).to.equal("$[0].failed");
  });

  it("routes no failure to success, all failures to failed and the rest to partially failed", () => {
    const def = buildDefinition(base);
    expect(def.States[WORKFLOW_STATE_NAMES.checkHealth]).to.deep.include({
      Type: "Choice",
      Choices: [
        { Variable: "$.failed_count", NumericEquals: 0, Next: WORKFLOW_STATE_NAMES.markSucceeded },
        { Variable: "$.failed_count", NumericEquals: 4, Next: WORKFLOW_STATE_NAMES.markFailed },
      ],
      Default: WORKFLOW_STATE_NAMES.markPartiallyFailed,
    });
    expect(def.States[WORKFLOW_STATE_NAMES.markPartiallyFailed]).to.deep.equal({
      Type: "Pass",
      Result: "partially_failed",
      ResultPath: "$.status",
      Next: WORKFLOW_STATE_NAMES.notifyFailure,
    });
    expect(def.States[WORKFLOW_STATE_NAMES.markFailed]).to.include({ Result: "failed" });
    expect(def.States[WORKFLOW_STATE_NAMES.pipelineFailed]).to.include({
      Type: "Fail",
      Error: "PipelineFailed",
    });
  });

  it("has no success notification unless asked for", () => {
    const quiet = buildDefinition(base);
    expect(quiet.States).not.to.have.property(WORKFLOW_STATE_NAMES.notifySuccess);
    expect(quiet.States[WORKFLOW_STATE_NAMES.markSucceeded]).to.include({
      Next: WORKFLOW_STATE_NAMES.done,
    });

    const chatty = buildDefinition({ ...base, notifyOnSuccess: true });
    expect(chatty.States[WORKFLOW_STATE_NAMES.markSucceeded]).to.include({
      Next: WORKFLOW_STATE_NAMES.notifySuccess,
    });
    expect(chatty.States[WORKFLOW_STATE_NAMES.notifySuccess]).to.include({
      Resource: "arn:aws:states:::sns:publish",
      Next: WORKFLOW_STATE_NAMES.done,
    });
  });

  it("publishes the failure through the SNS integration with a formatted message", () => {
    const notify = buildDefinition(base).States[WORKFLOW_STATE_NAMES.notifyFailure] as TaskState;
    expect(notify.Resource).to.equal("arn:aws:states:::sns:publish");
    expect(notify.ResultPath).to.equal(null);
    expect(notify.Parameters.TopicArn).to.equal(TOPIC);
    expect(notify.Parameters["Subject.$"]).to.equal(
      "States.Format('[dev] Metrics pipeline run {}', $.status)",
    );
    expect(notify.Parameters["Message.$"]).to.equal(
      "States.Format('Metrics pipeline dev: run {} {} ({} of 4 metric collections failed). {} | {} | {} | {}', " +
        "$$.Execution.Name, $.status, $.failed_count, " +
        "$.branches[0].summary, $.branches[1].summary, $.branches[2].summary, $.branches[3].summary)",
    );
  });

  it("escapes intrinsic-function metacharacters in literal text", () => {
    expect(intrinsicLiteral("it's {x} \\ y")).to.equal("'it\\'s \\{x\\} \\\\ y'");
    const def = buildDefinition({ ...base, environment: "a{b}'c" });
    const notify = def.States[WORKFLOW_STATE_NAMES.notifyFailure] as TaskState;
    expect(notify.Parameters["Subject.$"]).to.equal(
      "States.Format('[a\\{b\\}\\'c] Metrics pipeline run {}', $.status)",
    );
    expect(aslValidator(JSON.parse(JSON.stringify(def))).isValid).to.equal(true);
  });

  it("is deterministic: the same options give the same document", () => {
    expect(JSON.stringify(buildDefinition(base))).to.equal(JSON.stringify(buildDefinition(base)));
  });
});
