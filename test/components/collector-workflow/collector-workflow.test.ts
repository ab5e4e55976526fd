import { expect } from "chai";
import type {
  CollectorWorkflow as CollectorWorkflowClass,
  CollectorWorkflowArgs,
} from "../../../components/collector-workflow";
import { buildDefinition } from "../../../components/collector-workflow/definition";
import {
  collectorPolicy,
  processorPolicy,
  schedulerPolicy,
  stateMachinePolicy,
} from "../../../components/collector-workflow/iam-policies";
import {
  ACCOUNT_ID,
  byName,
  documentOf,
  mockedSuite,
  ofType,
  type RecordedResource,
  settled,
  valueOf,
} from "../../helpers/pulumi-mocks";
import { arn, LAKE_ARN, TABLE_ARN, TOPIC_ARN, workflowArgs } from "./fixtures";

let CollectorWorkflow: typeof CollectorWorkflowClass;

async function build(
  name: string,
  args: CollectorWorkflowArgs = workflowArgs(),
): Promise<{ wf: CollectorWorkflowClass; resources: RecordedResource[] }> {
  const wf = new CollectorWorkflow(name, args);
  await valueOf(wf.scheduleName);
  return { wf, resources: await settled() };
}

const RULE_ARN = (name: string) => `arn:aws:events:eu-west-1:${ACCOUNT_ID}:rule/${name}`;

describe("CollectorWorkflow", () => {
  mockedSuite(async () => {
    ({ CollectorWorkflow } = await import("../../../components/collector-workflow/index.js"));
  });

  it("creates exactly the functions, roles, log groups, queues, state machine, schedule and wiring", async () => {
    const { resources } = await build("cw-children");
    expect(resources.map((r) => `${r.type} ${r.name}`).sort()).to.deep.equal(
      [
        "infra-monitoring-pipeline:index:CollectorWorkflow cw-children",
        "aws:cloudwatch/logGroup:LogGroup cw-children-collector-logs",
        "aws:cloudwatch/logGroup:LogGroup cw-children-processor-logs",
        "aws:cloudwatch/logGroup:LogGroup cw-children-workflow-logs",
        "aws:iam/role:Role cw-children-collector-role",
        "aws:iam/role:Role cw-children-processor-role",
        "aws:iam/role:Role cw-children-workflow-role",
        "aws:iam/role:Role cw-children-scheduler-role",
        "aws:iam/rolePolicy:RolePolicy cw-children-collector-policy",
        "aws:iam/rolePolicy:RolePolicy cw-children-processor-policy",
        "aws:iam/rolePolicy:RolePolicy cw-children-workflow-policy",
        "aws:iam/rolePolicy:RolePolicy cw-children-scheduler-policy",
        "aws:lambda/function:Function cw-children-collector",
        "aws:lambda/function:Function cw-children-processor",
        "aws:cloudwatch/eventRule:EventRule cw-children-lake-objects",
        "aws:cloudwatch/eventTarget:EventTarget cw-children-lake-objects-processor",
        "aws:lambda/permission:Permission cw-children-processor-events-invoke",
        "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig cw-children-processor-async",
        "aws:s3/bucketNotification:BucketNotification cw-children-lake-notification",
        "aws:sqs/queue:Queue cw-children-processor-failures",
        "aws:sqs/queue:Queue cw-children-scheduler-dlq",
        "aws:sqs/queuePolicy:QueuePolicy cw-children-processor-failures-policy",
        "aws:sqs/queuePolicy:QueuePolicy cw-children-scheduler-dlq-policy",
        "aws:sfn/stateMachine:StateMachine cw-children-workflow",
        "aws:scheduler/schedule:Schedule cw-children-schedule",
        "aws:scheduler/scheduleGroup:ScheduleGroup cw-children-schedules",
      ].sort(),
    );
  });

  it("runs both handlers on nodejs22.x arm64 with active tracing, their sizes and exact environments", async () => {
    const { resources } = await build("cw-fn");
    const collector = byName(resources, "cw-fn-collector").inputs;
    expect(collector).to.deep.include({
      name: "cw-fn-collector",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memorySize: 256,
      timeout: 30,
      tracingConfig: { mode: "Active" },
      role: arn.role("cw-fn-collector-role"),
      tags: { project: "test" },
    });
    expect(collector.reservedConcurrentExecutions).to.equal(undefined);
    expect(collector.environment).to.deep.equal({
      variables: {
        PIPELINE_ENVIRONMENT: "test",
        LAKE_BUCKET: "lake-bucket",
        HOT_TABLE: "hot-table",
        HOT_TABLE_TTL_DAYS: "7",
        METRIC_SOURCE: "cloudwatch",
        // rate(3 hours): each run reads the 3 hours before its scheduled time, less the lag.
        COLLECTION_INTERVAL_SECONDS: "10800",
        COLLECTION_LAG_SECONDS: "600",
        COLLECTION_PERIOD_SECONDS: "300",
        SHARD_SIZE: "100",
        TARGET_TAG_KEY: "Monitoring",
        TARGET_TAG_VALUE: "enabled",
      },
    });
    const processor = byName(resources, "cw-fn-processor").inputs;
    expect(processor).to.deep.include({
      name: "cw-fn-processor",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memorySize: 512,
      timeout: 300,
      tracingConfig: { mode: "Active" },
    });
    expect(processor.environment).to.deep.equal({
      variables: {
        PIPELINE_ENVIRONMENT: "test",
        LAKE_BUCKET: "lake-bucket",
        HOT_TABLE: "hot-table",
        HOT_TABLE_TTL_DAYS: "7",
        ALERT_TOPIC_ARN: TOPIC_ARN,
        THRESHOLDS: JSON.stringify({ cpu: 80, memory: 90, disk: 85, errorRate: 5 }),
      },
    });
  });

  it("passes sizes, reserved concurrency, targets and thresholds through", async () => {
    const { resources } = await build(
      "cw-sized",
      workflowArgs({
        metricSource: "synthetic",
        targets: { syntheticInstances: 5 },
        thresholds: { cpu: 70 },
        hotTableTtlDays: 14,
        collector: { memoryMb: 128, timeoutSeconds: 20, reservedConcurrency: 4 },
        processor: { memoryMb: 1024, timeoutSeconds: 600, reservedConcurrency: 0 },
      }),
    );
    const collector = byName(resources, "cw-sized-collector").inputs;
    expect(collector).to.deep.include({
      memorySize: 128,
      timeout: 20,
      reservedConcurrentExecutions: 4,
    });
    expect(collector.environment.variables).to.deep.include({
      METRIC_SOURCE: "synthetic",
      SYNTHETIC_INSTANCES: "5",
      HOT_TABLE_TTL_DAYS: "14",
    });
    expect(collector.environment.variables).not.to.have.property("TARGET_TAG_KEY");
    const processor = byName(resources, "cw-sized-processor").inputs;
    expect(processor).to.deep.include({
      memorySize: 1024,
      timeout: 600,
      reservedConcurrentExecutions: 0,
    });
    expect(JSON.parse(processor.environment.variables.THRESHOLDS as string)).to.deep.equal({
      cpu: 70,
      memory: 90,
      disk: 85,
      errorRate: 5,
    });
  });

  it("gives each function its /aws/lambda log group and the state machine a vendedlogs one, all with retention", async () => {
    const { resources } = await build("cw-logs", workflowArgs({ logRetentionDays: 90 }));
    expect(byName(resources, "cw-logs-collector-logs").inputs).to.deep.equal({
      name: "/aws/lambda/cw-logs-collector",
      retentionInDays: 90,
      tags: { project: "test" },
    });
    expect(byName(resources, "cw-logs-processor-logs").inputs).to.include({
      name: "/aws/lambda/cw-logs-processor",
      retentionInDays: 90,
    });
    expect(byName(resources, "cw-logs-workflow-logs").inputs).to.include({
      name: "/aws/vendedlogs/states/cw-logs-workflow",
      retentionInDays: 90,
    });
  });

  it("encrypts the log groups and queues with the given keys", async () => {
    const logKey = "arn:aws:kms:eu-west-1:123456789012:key/logs";
    const queueKey = "arn:aws:kms:eu-west-1:123456789012:key/queues";
    const { resources } = await build(
      "cw-keys",
      workflowArgs({ logKmsKeyArn: logKey, queueKmsKeyArn: queueKey }),
    );
    for (const group of ofType(resources, "aws:cloudwatch/logGroup:LogGroup")) {
      expect(group.inputs.kmsKeyId, group.name).to.equal(logKey);
    }
    for (const queue of ofType(resources, "aws:sqs/queue:Queue")) {
      expect(queue.inputs.kmsMasterKeyId, queue.name).to.equal(queueKey);
      expect(queue.inputs.sqsManagedSseEnabled, queue.name).to.equal(undefined);
    }
    const scheduler = documentOf(byName(resources, "cw-keys-scheduler-policy"));
    expect(scheduler.Statement.at(-1)).to.deep.equal({
      Sid: "UseQueueKey",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: queueKey,
    });
  });

  it("attaches to each role exactly its least-privilege document, with the real ARNs", async () => {
    const topicKey = "arn:aws:kms:eu-west-1:123456789012:key/topic";
    const { resources } = await build("cw-iam", workflowArgs({ alertTopicKmsKeyArn: topicKey }));
    const policy = (name: string) => documentOf(byName(resources, name));
    expect(byName(resources, "cw-iam-collector-policy").inputs.role).to.equal(
      "cw-iam-collector-role-id",
    );
    expect(policy("cw-iam-collector-policy")).to.deep.equal(
      collectorPolicy({
        lakeBucketArn: LAKE_ARN,
        logGroupArn: arn.logGroup("/aws/lambda/cw-iam-collector"),
        readsCloudWatch: true,
      }),
    );
    expect(policy("cw-iam-processor-policy")).to.deep.equal(
      processorPolicy({
        lakeBucketArn: LAKE_ARN,
        tableArn: TABLE_ARN,
        logGroupArn: arn.logGroup("/aws/lambda/cw-iam-processor"),
        alertTopicArn: TOPIC_ARN,
        alertTopicKmsKeyArn: topicKey,
        failureQueueArn: arn.queue("cw-iam-processor-failures"),
      }),
    );
    expect(policy("cw-iam-workflow-policy")).to.deep.equal(
      stateMachinePolicy({
        collectorFunctionArn: arn.fn("cw-iam-collector"),
        alertTopicArn: TOPIC_ARN,
        alertTopicKmsKeyArn: topicKey,
      }),
    );
    expect(policy("cw-iam-scheduler-policy")).to.deep.equal(
      schedulerPolicy({
        stateMachineArn: arn.stateMachine("cw-iam-workflow"),
        deadLetterQueueArn: arn.queue("cw-iam-scheduler-dlq"),
      }),
    );
    // No managed policies anywhere: every grant is one of the four documents above.
    for (const role of ofType(resources, "aws:iam/role:Role")) {
      expect(role.inputs.managedPolicyArns, role.name).to.equal(undefined);
    }
    expect(ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.deep.equal(
      [],
    );
  });

  it("trusts the right service for each role, scoped to this account where supported", async () => {
    const { resources } = await build("cw-trust");
    const principal = (name: string) => {
      const doc = documentOf(byName(resources, name), "assumeRolePolicy");
      return doc.Statement.map((s) => [
        (s.Principal as { Service: string }).Service,
        (s.Condition as { StringEquals?: Record<string, string> } | undefined)?.StringEquals?.[
          "aws:SourceAccount"
        ],
      ]);
    };
    expect(principal("cw-trust-collector-role")).to.deep.equal([
      ["lambda.amazonaws.com", undefined],
    ]);
    expect(principal("cw-trust-processor-role")).to.deep.equal([
      ["lambda.amazonaws.com", undefined],
    ]);
    expect(principal("cw-trust-workflow-role")).to.deep.equal([
      ["states.amazonaws.com", ACCOUNT_ID],
    ]);
    expect(principal("cw-trust-scheduler-role")).to.deep.equal([
      ["scheduler.amazonaws.com", ACCOUNT_ID],
    ]);
  });

  it("the workflow role trusts only its state machine, the scheduler role only its own group", async () => {
    const { resources } = await build("cw-deputy");
    const conditionOf = (name: string) =>
      documentOf(byName(resources, name), "assumeRolePolicy").Statement.map((s) => s.Condition);
    expect(byName(resources, "cw-deputy-workflow").inputs.name).to.equal("cw-deputy-workflow");
    expect(conditionOf("cw-deputy-workflow-role")).to.deep.equal([
      {
        StringEquals: { "aws:SourceAccount": ACCOUNT_ID },
        ArnEquals: { "aws:SourceArn": arn.stateMachine("cw-deputy-workflow") },
      },
    ]);
    const group = byName(resources, "cw-deputy-schedules");
    expect(group.inputs).to.deep.equal({ tags: { project: "test" } });
    expect(byName(resources, "cw-deputy-schedule").inputs.groupName).to.equal(group.state?.name);
    expect(conditionOf("cw-deputy-scheduler-role")).to.deep.equal([
      {
        StringEquals: { "aws:SourceAccount": ACCOUNT_ID },
        ArnEquals: { "aws:SourceArn": group.state?.arn },
      },
    ]);
    expect(group.state?.arn).to.equal(
      `arn:aws:scheduler:eu-west-1:${ACCOUNT_ID}:schedule-group/cw-deputy-schedules`,
    );
  });

  it("deploys the definition built from its args as a Standard machine logging errors, traced", async () => {
    const { resources } = await build(
      "cw-sm",
      workflowArgs({ notifyOnSuccess: true, taskTimeoutSeconds: 60, retry: { maxAttempts: 2 } }),
    );
    const sm = byName(resources, "cw-sm-workflow").inputs;
    expect(JSON.parse(sm.definition as string)).to.deep.equal(
      buildDefinition({
        collectorFunctionArn: arn.fn("cw-sm-collector"),
        alertTopicArn: TOPIC_ARN,
        environment: "test",
        notifyOnSuccess: true,
        taskTimeoutSeconds: 60,
        retry: { intervalSeconds: 10, maxAttempts: 2, backoffRate: 2 },
      }),
    );
    expect(sm).to.deep.include({
      type: "STANDARD",
      roleArn: arn.role("cw-sm-workflow-role"),
      loggingConfiguration: {
        level: "ERROR",
        includeExecutionData: false,
        logDestination: `${arn.logGroup("/aws/vendedlogs/states/cw-sm-workflow")}:*`,
      },
      tracingConfiguration: { enabled: true },
      tags: { project: "test" },
    });
  });

  it("an Express machine logs everything with execution data", async () => {
    const { wf, resources } = await build("cw-express", workflowArgs({ workflowType: "EXPRESS" }));
    expect(byName(resources, "cw-express-workflow").inputs).to.deep.include({
      type: "EXPRESS",
      loggingConfiguration: {
        level: "ALL",
        includeExecutionData: true,
        logDestination: `${arn.logGroup("/aws/vendedlogs/states/cw-express-workflow")}:*`,
      },
    });
    expect(wf.workflowType).to.equal("EXPRESS");
  });

  it("schedules the state machine through its role, with retries and the encrypted dead-letter queue", async () => {
    const { resources } = await build(
      "cw-sched",
      workflowArgs({
        schedule: "cron(0 */6 * * ? *)",
        scheduleRetry: { maximumRetryAttempts: 5 },
      }),
    );
    expect(byName(resources, "cw-sched-schedule").inputs).to.deep.equal({
      description: "Starts the cw-sched metrics collection",
      groupName: "cw-sched-schedules",
      scheduleExpression: "cron(0 */6 * * ? *)",
      scheduleExpressionTimezone: "UTC",
      flexibleTimeWindow: { mode: "OFF" },
      state: "ENABLED",
      target: {
        arn: arn.stateMachine("cw-sched-workflow"),
        roleArn: arn.role("cw-sched-scheduler-role"),
        input: '{"scheduled_time":"<aws.scheduler.scheduled-time>"}',
        retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3600 },
        deadLetterConfig: { arn: arn.queue("cw-sched-scheduler-dlq") },
      },
    });
    // The collector reads from the firing before each run; its longest gap is 6 hours.
    expect(byName(resources, "cw-sched-collector").inputs.environment.variables).to.deep.include({
      COLLECTION_SCHEDULE: "cron(0 */6 * * ? *)",
      COLLECTION_SCHEDULE_TIMEZONE: "UTC",
      COLLECTION_INTERVAL_SECONDS: "21600",
    });
    expect(byName(resources, "cw-sched-scheduler-dlq").inputs).to.deep.equal({
      messageRetentionSeconds: 1_209_600,
      sqsManagedSseEnabled: true,
      tags: { project: "test" },
    });
  });

  it("refuses plain-HTTP access to both queues", async () => {
    const { resources } = await build("cw-tls");
    for (const queue of ["cw-tls-scheduler-dlq", "cw-tls-processor-failures"]) {
      const policy = byName(resources, `${queue}-policy`);
      expect(policy.inputs.queueUrl).to.equal(
        `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT_ID}/${queue}`,
      );
      expect(documentOf(policy).Statement[0]).to.deep.equal({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: arn.queue(queue),
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
    }
    // Only the lake rule may dead-letter into the failure queue; the scheduler's has no grant.
    expect(documentOf(byName(resources, "cw-tls-scheduler-dlq-policy")).Statement).to.have.length(
      1,
    );
    expect(
      documentOf(byName(resources, "cw-tls-processor-failures-policy")).Statement[1],
    ).to.deep.equal({
      Sid: "AllowRuleDeadLetters",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: arn.queue("cw-tls-processor-failures"),
      Condition: { ArnEquals: { "aws:SourceArn": RULE_ARN("cw-tls-lake-objects") } },
    });
  });

  it("wires new raw objects to the processor: scoped permission, async retries, failure queue", async () => {
    const { resources } = await build(
      "cw-s3",
      workflowArgs({ processor: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 3600 } }),
    );
    const ruleArn = RULE_ARN("cw-s3-lake-objects");
    expect(byName(resources, "cw-s3-processor-events-invoke").inputs).to.deep.equal({
      action: "lambda:InvokeFunction",
      function: "cw-s3-processor",
      principal: "events.amazonaws.com",
      sourceArn: ruleArn,
      sourceAccount: ACCOUNT_ID,
    });
    expect(JSON.parse(byName(resources, "cw-s3-lake-objects").inputs.eventPattern)).to.deep.equal({
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: {
        bucket: { name: ["lake-bucket"] },
        object: { key: [{ prefix: "raw-metrics/" }, { prefix: "raw-logs/" }] },
      },
    });
    expect(byName(resources, "cw-s3-lake-objects-processor").inputs).to.deep.equal({
      rule: "cw-s3-lake-objects",
      arn: arn.fn("cw-s3-processor"),
      retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 3600 },
      deadLetterConfig: { arn: arn.queue("cw-s3-processor-failures") },
    });
    expect(byName(resources, "cw-s3-processor-async").inputs).to.deep.equal({
      functionName: "cw-s3-processor",
      maximumRetryAttempts: 1,
      maximumEventAgeInSeconds: 3600,
      destinationConfig: { onFailure: { destination: arn.queue("cw-s3-processor-failures") } },
    });
    // EventBridge delivery only: no Lambda configuration that would replace another consumer's.
    expect(byName(resources, "cw-s3-lake-notification").inputs).to.deep.equal({
      bucket: "lake-bucket",
      eventbridge: true,
    });
  });

  it("leaves an owner-managed bucket's notification configuration alone", async () => {
    const { resources } = await build("cw-own", workflowArgs({ lakeEventBridge: false }));
    expect(ofType(resources, "aws:s3/bucketNotification:BucketNotification")).to.deep.equal([]);
    expect(byName(resources, "cw-own-lake-objects").type).to.equal(
      "aws:cloudwatch/eventRule:EventRule",
    );
  });

  it("exposes every output the other components consume", async () => {
    const { wf } = await build("cw-out");
    const outputs = {
      collectorFunctionName: "cw-out-collector",
      collectorFunctionArn: arn.fn("cw-out-collector"),
      processorFunctionName: "cw-out-processor",
      processorFunctionArn: arn.fn("cw-out-processor"),
      stateMachineName: "cw-out-workflow",
      stateMachineArn: arn.stateMachine("cw-out-workflow"),
      scheduleName: "cw-out-schedule",
      schedulerDlqName: "cw-out-scheduler-dlq",
      schedulerDlqArn: arn.queue("cw-out-scheduler-dlq"),
      schedulerDlqUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT_ID}/cw-out-scheduler-dlq`,
      processorFailureQueueName: "cw-out-processor-failures",
      processorFailureQueueArn: arn.queue("cw-out-processor-failures"),
      processorFailureQueueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT_ID}/cw-out-processor-failures`,
      collectorRoleArn: arn.role("cw-out-collector-role"),
      processorRoleArn: arn.role("cw-out-processor-role"),
      stateMachineRoleArn: arn.role("cw-out-workflow-role"),
      schedulerRoleArn: arn.role("cw-out-scheduler-role"),
      collectorLogGroupName: "/aws/lambda/cw-out-collector",
      processorLogGroupName: "/aws/lambda/cw-out-processor",
      stateMachineLogGroupName: "/aws/vendedlogs/states/cw-out-workflow",
    } as const;
    for (const [key, expected] of Object.entries(outputs)) {
      expect(await valueOf(wf[key as keyof typeof outputs]), key).to.equal(expected);
    }
  });
});
