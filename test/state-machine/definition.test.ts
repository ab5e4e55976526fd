import aslValidator from "asl-validator";
import { expect } from "chai";
import type { TaskState } from "../../components/collector-workflow/asl";
import {
  buildDefinition,
  intrinsicLiteral,
  LAMBDA_RETRY_ERRORS,
  WORKFLOW_STATE_NAMES,
} from "../../components/collector-workflow/definition";
import { METRIC_TYPES } from "../../functions/shared/metric-record";

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
      const branches = (state as { Branches?: { States: Record<string, unknown> }[] }).Branches;
      branches?.forEach(visit);
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

  it("starts with one Parallel branch per metric type, each invoking the collector", () => {
    const def = buildDefinition(base);
    expect(def.StartAt).to.equal(WORKFLOW_STATE_NAMES.collect);
    const parallel = def.States[WORKFLOW_STATE_NAMES.collect] as {
      Type: string;
      Branches: unknown[];
    };
    expect(parallel.Type).to.equal("Parallel");
    expect(parallel.Branches).to.have.length(4);
    const states = allStates(def);
    for (const type of METRIC_TYPES) {
      const task = states.get(WORKFLOW_STATE_NAMES.collectTask[type]) as unknown as TaskState;
      expect(task.Type).to.equal("Task");
      expect(task.Resource).to.equal("arn:aws:states:::lambda:invoke");
      expect(task.Parameters).to.deep.equal({
        FunctionName: FN,
        Payload: {
          metric_type: type,
          "execution_id.$": "$$.Execution.Name",
          "execution_start_time.$": "$$.Execution.StartTime",
        },
      });
    }
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
    expect(tasks.map(([n]) => n).sort()).to.deep.equal(
      [
        ...Object.values(WORKFLOW_STATE_NAMES.collectTask),
        WORKFLOW_STATE_NAMES.notifySuccess,
        WORKFLOW_STATE_NAMES.notifyFailure,
      ].sort(),
    );
    for (const [name, task] of tasks) {
      expect(task.TimeoutSeconds, name).to.be.a("number").and.greaterThan(0);
    }
  });

  it("catches every other error of a branch into that branch's failure state", () => {
    const states = allStates(buildDefinition(base));
    for (const type of METRIC_TYPES) {
      const task = states.get(WORKFLOW_STATE_NAMES.collectTask[type]) as unknown as TaskState;
      expect(task.Catch).to.deep.equal([
        { ErrorEquals: ["States.ALL"], Next: WORKFLOW_STATE_NAMES.branchFailed[type] },
      ]);
      const failed = states.get(WORKFLOW_STATE_NAMES.branchFailed[type]);
      expect(failed?.Type).to.equal("Pass");
      expect(failed?.End).to.equal(true);
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
