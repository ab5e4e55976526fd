import { expect } from "chai";
import {
  collectorPolicy,
  lambdaTrustPolicy,
  processorPolicy,
  schedulerPolicy,
  schedulerTrustPolicy,
  stateMachinePolicy,
  stateMachineTrustPolicy,
} from "../../../components/collector-workflow/iam-policies";

const LAKE = "arn:aws:s3:::lake";
const TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/hot";
const LOGS = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/wf-collector";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/topic";
const QUEUE = "arn:aws:sqs:eu-west-1:123456789012:failures";
const FN = "arn:aws:lambda:eu-west-1:123456789012:function:wf-collector";
const SCOPE = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };

const allow = (Sid: string, Action: string[], Resource: string | string[]) => ({
  Sid,
  Effect: "Allow",
  Action,
  Resource,
});
const xrayPut = allow("XRayTracing", ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "*");
const ownLogs = allow(
  "WriteOwnLogGroup",
  ["logs:CreateLogStream", "logs:PutLogEvents"],
  `${LOGS}:*`,
);

describe("CollectorWorkflow IAM documents", () => {
  it("collector: raw-metrics/ writes (no table access: one writer), CloudWatch and EC2 reads, own logs, X-Ray", () => {
    expect(
      collectorPolicy({
        lakeBucketArn: LAKE,
        logGroupArn: LOGS,
        readsCloudWatch: true,
      }),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        allow("WriteRawMetrics", ["s3:PutObject"], `${LAKE}/raw-metrics/*`),
        allow("ReadCloudWatchMetrics", ["cloudwatch:GetMetricData"], "*"),
        allow("FindInstancesByTag", ["tag:GetResources"], "*"),
        ownLogs,
        xrayPut,
      ],
    });
  });

  it("collector with the synthetic source reads nothing from CloudWatch or EC2", () => {
    const doc = collectorPolicy({
      lakeBucketArn: LAKE,
      logGroupArn: LOGS,
      readsCloudWatch: false,
    });
    expect(doc.Statement.map((s) => s.Sid)).to.deep.equal([
      "WriteRawMetrics",
      "WriteOwnLogGroup",
      "XRayTracing",
    ]);
  });

  it("collector with a KMS-encrypted lake may create data keys with that key only", () => {
    const doc = collectorPolicy({
      lakeBucketArn: LAKE,
      logGroupArn: LOGS,
      readsCloudWatch: false,
      lakeKmsKeyArn: KEY,
    });
    expect(doc.Statement[1]).to.deep.equal(
      allow("EncryptLakeObjects", ["kms:GenerateDataKey"], KEY),
    );
  });

  it("processor: raw reads, quarantine writes, table items, topic, failure queue, logs, X-Ray", () => {
    expect(
      processorPolicy({
        lakeBucketArn: LAKE,
        tableArn: TABLE,
        logGroupArn: LOGS,
        alertTopicArn: TOPIC,
        failureQueueArn: QUEUE,
      }),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        allow(
          "ReadRawObjects",
          ["s3:GetObject", "s3:GetObjectVersion"],
          [`${LAKE}/raw-metrics/*`, `${LAKE}/raw-logs/*`],
        ),
        allow(
          "WriteQuarantine",
          ["s3:PutObject", "s3:AbortMultipartUpload"],
          `${LAKE}/quarantine/*`,
        ),
        allow("WriteHotTable", ["dynamodb:BatchWriteItem"], TABLE),
        {
          ...allow("ManageObjectLedger", ["dynamodb:GetItem", "dynamodb:UpdateItem"], TABLE),
          Condition: {
            "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["IDEMPOTENCY#log-processor"] },
          },
        },
        allow("PublishAlerts", ["sns:Publish"], TOPIC),
        allow("SendToFailureQueue", ["sqs:SendMessage"], QUEUE),
        ownLogs,
        xrayPut,
      ],
    });
  });

  it("processor with customer-managed keys gets exactly those keys", () => {
    const doc = processorPolicy({
      lakeBucketArn: LAKE,
      tableArn: TABLE,
      logGroupArn: LOGS,
      alertTopicArn: TOPIC,
      alertTopicKmsKeyArn: KEY,
      failureQueueArn: QUEUE,
      queueKmsKeyArn: `${KEY}-queue`,
      lakeKmsKeyArn: `${KEY}-lake`,
    });
    const keyStatements = doc.Statement.filter((s) => s.Action.some((a) => a.startsWith("kms:")));
    expect(keyStatements).to.deep.equal([
      allow("UseLakeKey", ["kms:Decrypt", "kms:GenerateDataKey"], `${KEY}-lake`),
      allow("UseAlertTopicKey", ["kms:GenerateDataKey*", "kms:Decrypt"], KEY),
      allow("UseQueueKey", ["kms:GenerateDataKey", "kms:Decrypt"], `${KEY}-queue`),
    ]);
  });

  it("state machine: invoke the collector, publish, deliver logs and trace", () => {
    expect(
      stateMachinePolicy({
        collectorFunctionArn: FN,
        alertTopicArn: TOPIC,
        alertTopicKmsKeyArn: KEY,
      }),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        allow("InvokeCollector", ["lambda:InvokeFunction"], [FN, `${FN}:*`]),
        allow("PublishRunNotifications", ["sns:Publish"], TOPIC),
        allow("UseAlertTopicKey", ["kms:GenerateDataKey*", "kms:Decrypt"], KEY),
        allow(
          "DeliverExecutionLogs",
          [
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups",
          ],
          "*",
        ),
        allow(
          "XRayTracing",
          [
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "xray:GetSamplingRules",
            "xray:GetSamplingTargets",
          ],
          "*",
        ),
      ],
    });
  });

  it("scheduler: start this state machine and send to its dead-letter queue", () => {
    const sm = "arn:aws:states:eu-west-1:123456789012:stateMachine:wf";
    expect(schedulerPolicy({ stateMachineArn: sm, deadLetterQueueArn: QUEUE })).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        allow("StartWorkflow", ["states:StartExecution"], sm),
        allow("SendToDeadLetterQueue", ["sqs:SendMessage"], QUEUE),
      ],
    });
  });

  it("only wildcards actions AWS cannot scope to a resource", () => {
    const docs = [
      collectorPolicy({
        lakeBucketArn: LAKE,
        logGroupArn: LOGS,
        readsCloudWatch: true,
      }),
      processorPolicy({
        lakeBucketArn: LAKE,
        tableArn: TABLE,
        logGroupArn: LOGS,
        alertTopicArn: TOPIC,
        failureQueueArn: QUEUE,
      }),
      stateMachinePolicy({ collectorFunctionArn: FN, alertTopicArn: TOPIC }),
      schedulerPolicy({ stateMachineArn: FN, deadLetterQueueArn: QUEUE }),
    ];
    const wildcarded = docs
      .flatMap((d) => d.Statement)
      .filter((s) => s.Resource === "*")
      .flatMap((s) => s.Action);
    const unscopable =
      /^(cloudwatch:GetMetricData|tag:GetResources|xray:.*|logs:(Create|Get|Update|Delete)LogDelivery|logs:ListLogDeliveries|logs:PutResourcePolicy|logs:DescribeResourcePolicies|logs:DescribeLogGroups)$/;
    for (const action of wildcarded) expect(action).to.match(unscopable);
    for (const action of docs.flatMap((d) => d.Statement).flatMap((s) => s.Action)) {
      expect(action, "no service-wide action").not.to.match(/:\*$/);
    }
  });

  it("trust policies: Lambda; Step Functions and Scheduler only from this account", () => {
    expect(lambdaTrustPolicy()).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
    expect(stateMachineTrustPolicy(SCOPE, "wf-workflow").Statement).to.deep.equal([
      {
        Effect: "Allow",
        Principal: { Service: "states.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnEquals: {
            "aws:SourceArn": "arn:aws:states:eu-west-1:123456789012:stateMachine:wf-workflow",
          },
        },
      },
    ]);
    const group = "arn:aws:scheduler:eu-west-1:123456789012:schedule-group/wf-schedules-1a2b3c";
    expect(schedulerTrustPolicy(SCOPE, group).Statement).to.deep.equal([
      {
        Effect: "Allow",
        Principal: { Service: "scheduler.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnEquals: { "aws:SourceArn": group },
        },
      },
    ]);
  });
});
