import { expect } from "chai";
import type {
  CollectorWorkflow as CollectorWorkflowClass,
  CollectorWorkflowArgs,
} from "../../../components/collector-workflow";
import { worstCaseBranchSeconds } from "../../../components/collector-workflow/validate";
import {
  byName,
  captureWarnings,
  constructionError,
  mockedSuite,
  ofType,
  settled,
  valueOf,
} from "../../helpers/pulumi-mocks";
import { workflowArgs } from "./fixtures";

let CollectorWorkflow: typeof CollectorWorkflowClass;

/** The message of the error the constructor throws. */
function workflowError(name: string, args: Parameters<typeof workflowArgs>[0]): string {
  return constructionError(() => new CollectorWorkflow(name, workflowArgs(args)));
}

describe("CollectorWorkflow arguments", () => {
  mockedSuite(async () => {
    ({ CollectorWorkflow } = await import("../../../components/collector-workflow/index.js"));
  });

  it("reports every invalid argument in one error, before any child is created", async () => {
    const message = workflowError("cw-bad", {
      schedule: "every 3 hours",
      scheduleTimezone: "Dublin/Ireland",
      collector: { memoryMb: 64, timeoutSeconds: 60, reservedConcurrency: -1 },
      processor: { memoryMb: 20_000, timeoutSeconds: 901, maximumRetryAttempts: 3 },
      retry: { intervalSeconds: 0, maxAttempts: -1, backoffRate: 0.5 },
      scheduleRetry: { maximumRetryAttempts: 200, maximumEventAgeInSeconds: 30 },
      logRetentionDays: 10,
      thresholds: { cpu: 120 },
    });
    const lines = message
      .split("\n")
      .slice(1)
      .map((l) => l.replace(/^\s+- /, ""));
    expect(message).to.match(/^CollectorWorkflow cw-bad: invalid arguments:/);
    expect(lines).to.deep.equal([
      "collector.memoryMb must be a whole number from 128 to 10240 (got 64)",
      "collector.reservedConcurrency must be a whole number of at least 0 (got -1)",
      "processor.memoryMb must be a whole number from 128 to 10240 (got 20000)",
      "processor.timeoutSeconds must be a whole number from 1 to 900 (got 901)",
      "processor.maximumRetryAttempts must be a whole number from 0 to 2 (got 3)",
      'schedule "every 3 hours" must be a rate() or cron() expression, e.g. "rate(3 hours)" or "cron(0 */3 * * ? *)"',
      'scheduleTimezone "Dublin/Ireland" is not an IANA time zone such as Europe/Dublin',
      "scheduleRetry.maximumRetryAttempts must be a whole number from 0 to 185 (got 200)",
      "scheduleRetry.maximumEventAgeInSeconds must be a whole number from 60 to 86400 (got 30)",
      "logRetentionDays must be a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 10",
      "taskTimeoutSeconds (45) must be more than collector.timeoutSeconds (60), so the function's own timeout error reaches the branch's Catch",
      "retry.intervalSeconds must be a whole number from 1 to 3600 (got 0)",
      "retry.maxAttempts must be a whole number from 0 to 10 (got -1)",
      "retry.backoffRate must be from 1 to 10 (got 0.5)",
      "thresholds.cpu must be a percentage above 0 and at most 100 (got 120)",
    ]);
    const children = (await settled()).filter(
      (r) => r.type !== "infra-monitoring-pipeline:index:CollectorWorkflow",
    );
    expect(children).to.deep.equal([]);
  });

  it("rejects a collector timeout equal to the Task timeout", () => {
    expect(workflowError("cw-equal", { collector: { timeoutSeconds: 45 } })).to.contain(
      "taskTimeoutSeconds (45) must be more than collector.timeoutSeconds (45)",
    );
  });

  it("rejects a schedule whose runs can be more than a day and an hour apart, in its time zone", () => {
    expect(workflowError("cw-gap", { schedule: "rate(2 days)" })).to.contain(
      'schedule "rate(2 days)" leaves up to 172800 s between runs',
    );
    // Weekdays only: Friday noon to Monday noon, three days and, over the autumn change, an hour.
    const weekdays = { schedule: "cron(0 12 ? * MON-FRI *)" };
    expect(
      workflowError("cw-weekdays", { ...weekdays, scheduleTimezone: "Europe/Berlin" }),
    ).to.contain('schedule "cron(0 12 ? * MON-FRI *)" leaves up to 262800 s between runs');
    // Daily in local time: the autumn night's 25 hours still fit one window...
    const daily = { schedule: "cron(30 3 * * ? *)", scheduleTimezone: "Europe/Berlin" };
    expect(() => new CollectorWorkflow("cw-berlin", workflowArgs(daily))).to.not.throw();
    // ...but 02:30 does not exist on the spring-forward day, and Scheduler skips that run.
    expect(workflowError("cw-berlin-gap", { ...daily, schedule: "cron(30 2 * * ? *)" })).to.contain(
      'schedule "cron(30 2 * * ? *)" leaves up to 169200 s between runs',
    );
  });

  it("rejects names that would make invalid or colliding child names", () => {
    expect(workflowError("Bad_Name", {})).to.contain(
      'name "Bad_Name" must be 1-40 lower-case letters, digits or dashes',
    );
    expect(workflowError("a".repeat(41), {})).to.contain("must be 1-40");
    expect(workflowError("cw-env", { environment: "has space" })).to.contain(
      'environment "has space" must be 1-32 letters, digits, dashes or underscores',
    );
  });

  it("rejects collection settings the collector or the Map state cannot use", () => {
    const error = workflowError("cw-collect", {
      collectionPeriodSeconds: 90,
      collectionLagSeconds: -1,
      shardSize: 0,
      maxConcurrency: 41,
    });
    expect(error).to.contain(
      "collectionPeriodSeconds must be a multiple of 60 from 60 to 3600 (got 90)",
    );
    expect(error).to.contain("collectionLagSeconds must be a whole number from 0 to 3600 (got -1)");
    expect(error).to.contain("shardSize must be a whole number from 1 to 1000 (got 0)");
    expect(error).to.contain("maxConcurrency must be a whole number from 1 to 40 (got 41)");
  });

  it("needs targets for the cloudwatch source, and not both kinds", () => {
    expect(workflowError("cw-t1", { targets: {} })).to.contain(
      "the cloudwatch metric source needs targets.tag or targets.instanceIds",
    );
    expect(
      workflowError("cw-t2", {
        targets: { tag: { key: "a", value: "b" }, instanceIds: ["i-0123456789abcdef0"] },
      }),
    ).to.contain("targets: give either tag or instanceIds, not both");
  });

  it("rejects an Express workflow whose worst-case branch outlasts five minutes", () => {
    expect(
      worstCaseBranchSeconds({
        collectorTimeout: 30,
        taskTimeout: 45,
        retry: { intervalSeconds: 10, maxAttempts: 3, backoffRate: 2 },
      }),
    ).to.equal(250);
    expect(workflowError("cw-x", { workflowType: "EXPRESS", taskTimeoutSeconds: 120 })).to.contain(
      "an Express workflow stops after 300 s, but a branch can take 550 s",
    );
  });

  it("takes executionTimeoutSeconds from one healthy round to the longest execution, whole", async () => {
    const round =
      "one healthy round (plan, shard, notification, each up to its TimeoutSeconds, plus 60 s)";
    const standard = `executionTimeoutSeconds must be a whole number from 180 (${round}) to 31536000 (the longest STANDARD execution)`;
    for (const bad of [0, -600, 179, 600.5, 31_536_001, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(workflowError("cw-to", { executionTimeoutSeconds: bad })).to.contain(
        `${standard}, got ${bad}`,
      );
    }
    expect((await settled()).map((r) => r.type)).to.deep.equal(
      Array(7).fill("infra-monitoring-pipeline:index:CollectorWorkflow"),
    );
    // The floor follows the Task timeouts; Express stops at five minutes.
    expect(
      workflowError("cw-to", { taskTimeoutSeconds: 100, executionTimeoutSeconds: 289 }),
    ).to.contain("executionTimeoutSeconds must be a whole number from 290 (");
    expect(
      workflowError("cw-to", { workflowType: "EXPRESS", executionTimeoutSeconds: 301 }),
    ).to.contain(`to 300 (the longest EXPRESS execution), got 301`);
    expect(
      workflowError("cw-to", {
        workflowType: "EXPRESS",
        taskTimeoutSeconds: 130,
        retry: { maxAttempts: 0 },
      }),
    ).to.contain(`EXPRESS executions stop after 300 s, but ${round} needs 350 s`);
  });

  it("deploys executionTimeoutSeconds at both bounds, and derives it from the schedule without", async () => {
    const timeouts: Record<string, Partial<CollectorWorkflowArgs>> = {
      "cw-to-min": { executionTimeoutSeconds: 180 },
      "cw-to-max": { executionTimeoutSeconds: 31_536_000 },
      "cw-to-x": { workflowType: "EXPRESS", executionTimeoutSeconds: 300 },
      "cw-to-hourly": { schedule: "rate(1 hour)" },
      "cw-to-minute": { schedule: "rate(1 minute)" },
      "cw-to-daily": { schedule: "cron(0 6 * * ? *)" },
    };
    for (const [name, args] of Object.entries(timeouts)) {
      new CollectorWorkflow(name, workflowArgs(args));
    }
    const resources = await settled();
    const deployed = Object.keys(timeouts).map(
      (name) =>
        (
          JSON.parse(byName(resources, `${name}-workflow`).inputs.definition as string) as {
            TimeoutSeconds: number;
          }
        ).TimeoutSeconds,
    );
    expect(deployed).to.deep.equal([180, 31_536_000, 300, 3600, 180, 5406]);
  });

  it("accepts the defaults with Express", async () => {
    const wf = new CollectorWorkflow("cw-x-ok", workflowArgs({ workflowType: "EXPRESS" }));
    expect(await valueOf(wf.stateMachineName)).to.equal("cw-x-ok-workflow");
  });

  it("applies function settings; a clashing variable keeps the handler's value and warns", async () => {
    const warnings = await captureWarnings(
      () =>
        new CollectorWorkflow(
          "cw-ovr",
          workflowArgs({
            collector: {
              ephemeralStorageMb: 1024,
              layers: ["arn:aws:lambda:eu-west-1:123456789012:layer:ext:1"],
              subnetIds: ["subnet-1"],
              securityGroupIds: ["sg-1"],
              environment: { EXTRA: "1", LAKE_BUCKET: "elsewhere" },
              tags: { team: "sre" },
            },
          }),
        ),
    );
    expect(warnings).to.deep.equal([
      "CollectorWorkflow: collector.environment.LAKE_BUCKET is ignored: the handler's own setting wins",
    ]);
    const fn = byName(await settled(), "cw-ovr-collector").inputs;
    expect(fn).to.deep.include({
      ephemeralStorage: { size: 1024 },
      layers: ["arn:aws:lambda:eu-west-1:123456789012:layer:ext:1"],
      vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] },
      runtime: "nodejs22.x",
      handler: "index.handler",
      name: "cw-ovr-collector",
      tags: { project: "test", team: "sre" },
    });
    expect(fn.environment.variables).to.include({ EXTRA: "1", LAKE_BUCKET: "lake-bucket" });
  });

  it("warns when tracing or logging is weakened", async () => {
    const warnings = await captureWarnings(
      () =>
        new CollectorWorkflow(
          "cw-warn",
          workflowArgs({
            tracing: false,
            stateMachineLogLevel: "OFF",
          }),
        ),
    );
    expect(warnings).to.deep.equal([
      "CollectorWorkflow: tracing overrides a security default; see docs/components/collector-workflow.md#default-settings.",
      "CollectorWorkflow: stateMachineLogLevel overrides a security default; see docs/components/collector-workflow.md#default-settings.",
    ]);
    const resources = await settled();
    expect(byName(resources, "cw-warn-collector").inputs.tracingConfig).to.deep.equal({
      mode: "PassThrough",
    });
    expect(byName(resources, "cw-warn-workflow").inputs).to.deep.include({
      tracingConfiguration: { enabled: false },
    });
    expect(byName(resources, "cw-warn-workflow").inputs.loggingConfiguration.level).to.equal("OFF");
  });

  it("does not warn with the defaults", async () => {
    expect(
      await captureWarnings(() => new CollectorWorkflow("cw-quiet", workflowArgs())),
    ).to.deep.equal([]);
  });

  it("two instances in one stack do not collide", async () => {
    new CollectorWorkflow("cw-one", workflowArgs());
    new CollectorWorkflow("cw-two", workflowArgs({ environment: "other" }));
    const resources = await settled();
    const urns = resources.map((r) => `${r.type}::${r.name}`);
    expect(new Set(urns).size).to.equal(urns.length);
    const named = [
      ...ofType(resources, "aws:lambda/function:Function"),
      ...ofType(resources, "aws:cloudwatch/logGroup:LogGroup"),
    ].map((r) => r.inputs.name as string);
    // Two functions and three log groups each, every physical name distinct.
    expect(named).to.have.length(10);
    expect(new Set(named).size).to.equal(10);
  });

  it("bundles the real handlers when no package is given", async () => {
    const args = workflowArgs();
    const wf = new CollectorWorkflow("cw-bundled", {
      ...args,
      collector: {},
      processor: {},
    });
    expect(await valueOf(wf.collectorFunctionName)).to.equal("cw-bundled-collector");
    const fn = byName(await settled(), "cw-bundled-collector").inputs;
    expect(fn.code).to.have.property("__pulumiArchive", true);
  });
});
