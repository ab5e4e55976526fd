/**
 * The IAM documents of the workflow's four roles, as pure functions of ARN strings so tests can
 * compare them exactly. Each role gets only the actions its code or service calls, on exact
 * ARNs; the only "*" resources are actions AWS does not scope to a resource, each commented.
 */
import { ANOMALY_PK_PREFIX } from "../../contract/anomaly/settings";
import { IDEMPOTENCY_PK } from "../../contract/hot-table";
import { LAKE_PREFIXES } from "../../contract/lake";
import type { AccountScope } from "../shared/account-scope";
import { stateMachineObservabilityStatements } from "../shared/state-machine-statements";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export interface TrustStatement {
  readonly Effect: "Allow";
  readonly Principal: { readonly Service: string };
  readonly Action: "sts:AssumeRole";
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface TrustPolicy {
  readonly Version: "2012-10-17";
  readonly Statement: readonly TrustStatement[];
}

const document = (statements: (PolicyStatement | false | undefined)[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements.filter((s): s is PolicyStatement => Boolean(s)),
});

const allow = (
  Sid: string,
  Action: readonly string[],
  Resource: string | readonly string[],
): PolicyStatement => ({ Sid, Effect: "Allow", Action, Resource });

/** Writes to the function's own log group (Lambda creates the streams). */
const ownLogs = (logGroupArn: string) =>
  allow("WriteOwnLogGroup", ["logs:CreateLogStream", "logs:PutLogEvents"], `${logGroupArn}:*`);

/** X-Ray's put calls have no resource-level permissions: "*" is the only resource AWS accepts. */
const lambdaTracing = allow(
  "XRayTracing",
  ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
  "*",
);

/** Publishing to a topic encrypted with a customer-managed key needs the key too. */
const topicKey = (keyArn: string | undefined) =>
  keyArn !== undefined &&
  allow("UseAlertTopicKey", ["kms:GenerateDataKey*", "kms:Decrypt"], keyArn);

/** Sending to a queue encrypted with a customer-managed key needs the key too. */
const queueKey = (keyArn: string | undefined) =>
  keyArn !== undefined && allow("UseQueueKey", ["kms:GenerateDataKey", "kms:Decrypt"], keyArn);

export interface CollectorPolicyInput {
  readonly lakeBucketArn: string;
  readonly logGroupArn: string;
  /** Only the cloudwatch source reads CloudWatch and EC2. */
  readonly readsCloudWatch: boolean;
  readonly lakeKmsKeyArn?: string;
  /** The lake key of the instance list (targets.instanceIds), read at cold start. */
  readonly targetListKey?: string;
}

/**
 * The data collector: reads metrics, writes raw-metrics/ objects, reads its instance list. No table access: the
 * processor is the hot table's one writer.
 */
export function collectorPolicy(i: CollectorPolicyInput): PolicyDocument {
  return document([
    allow("WriteRawMetrics", ["s3:PutObject"], `${i.lakeBucketArn}/${LAKE_PREFIXES.metrics}*`),
    i.lakeKmsKeyArn !== undefined &&
      // Single-part uploads to an SSE-KMS bucket need a data key only.
      allow("EncryptLakeObjects", ["kms:GenerateDataKey"], i.lakeKmsKeyArn),
    // The one object of the list this deployment wrote, not the prefix.
    i.targetListKey !== undefined &&
      allow("ReadTargetList", ["s3:GetObject"], `${i.lakeBucketArn}/${i.targetListKey}`),
    i.targetListKey !== undefined &&
      i.lakeKmsKeyArn !== undefined &&
      allow("DecryptTargetList", ["kms:Decrypt"], i.lakeKmsKeyArn),
    // GetMetricData and the tagging API's GetResources support no resource-level permissions.
    i.readsCloudWatch && allow("ReadCloudWatchMetrics", ["cloudwatch:GetMetricData"], "*"),
    i.readsCloudWatch && allow("FindInstancesByTag", ["tag:GetResources"], "*"),
    ownLogs(i.logGroupArn),
    lambdaTracing,
  ]);
}

export interface ProcessorPolicyInput {
  readonly lakeBucketArn: string;
  readonly tableArn: string;
  readonly logGroupArn: string;
  readonly alertTopicArn: string;
  readonly alertTopicKmsKeyArn?: string;
  readonly failureQueueArn: string;
  readonly queueKmsKeyArn?: string;
  readonly lakeKmsKeyArn?: string;
  /** Anomaly detection is on: the processor reads and writes its series' state items. */
  readonly anomalyDetection?: boolean;
  /** The compaction whose catch-up run a late object starts. */
  readonly compactionStateMachineArn?: string;
}

/**
 * The log processor: reads raw objects, quarantines bad lines, writes hot-table items and its
 * idempotency records (same table), publishes threshold alerts, and (through the Lambda
 * service, with this role) sends failed events to its failure queue.
 */
export function processorPolicy(i: ProcessorPolicyInput): PolicyDocument {
  const lake = i.lakeBucketArn;
  return document([
    allow(
      "ReadRawObjects",
      // GetObjectVersion: the processor reads exactly the version its event names.
      ["s3:GetObject", "s3:GetObjectVersion"],
      [`${lake}/${LAKE_PREFIXES.metrics}*`, `${lake}/${LAKE_PREFIXES.logs}*`],
    ),
    // Quarantine streams out as a multipart upload, aborted when the object fails.
    allow(
      "WriteQuarantine",
      ["s3:PutObject", "s3:AbortMultipartUpload"],
      `${lake}/${LAKE_PREFIXES.quarantine}*`,
    ),
    i.lakeKmsKeyArn !== undefined &&
      allow("UseLakeKey", ["kms:Decrypt", "kms:GenerateDataKey"], i.lakeKmsKeyArn),
    allow("WriteHotTable", ["dynamodb:BatchWriteItem"], i.tableArn),
    // The object ledger reads and updates only its own partition.
    {
      ...allow("ManageObjectLedger", ["dynamodb:GetItem", "dynamodb:UpdateItem"], i.tableArn),
      Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [IDEMPOTENCY_PK] } },
    },
    // The detector's state: one item per series, read in batches, written conditionally.
    i.anomalyDetection === true && {
      ...allow("ManageAnomalyState", ["dynamodb:BatchGetItem", "dynamodb:UpdateItem"], i.tableArn),
      Condition: {
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${ANOMALY_PK_PREFIX}*`] },
      },
    },
    allow("PublishAlerts", ["sns:Publish"], i.alertTopicArn),
    topicKey(i.alertTopicKmsKeyArn),
    // A late object re-opens its compacted day; only this state machine, only starting it.
    i.compactionStateMachineArn !== undefined &&
      allow("StartCatchUpCompaction", ["states:StartExecution"], i.compactionStateMachineArn),
    allow("SendToFailureQueue", ["sqs:SendMessage"], i.failureQueueArn),
    queueKey(i.queueKmsKeyArn),
    ownLogs(i.logGroupArn),
    lambdaTracing,
  ]);
}

export interface StateMachinePolicyInput {
  readonly collectorFunctionArn: string;
  readonly alertTopicArn: string;
  readonly alertTopicKmsKeyArn?: string;
}

/** The state machine: invokes the collector, publishes run notifications, logs and traces. */
export function stateMachinePolicy(i: StateMachinePolicyInput): PolicyDocument {
  return document([
    allow(
      "InvokeCollector",
      ["lambda:InvokeFunction"],
      // The second form covers versions and aliases of the same function.
      [i.collectorFunctionArn, `${i.collectorFunctionArn}:*`],
    ),
    allow("PublishRunNotifications", ["sns:Publish"], i.alertTopicArn),
    topicKey(i.alertTopicKmsKeyArn),
    ...stateMachineObservabilityStatements(),
  ]);
}

export interface SchedulerPolicyInput {
  readonly stateMachineArn: string;
  readonly deadLetterQueueArn: string;
  readonly queueKmsKeyArn?: string;
}

/** EventBridge Scheduler: starts executions and parks undeliverable events in its DLQ. */
export function schedulerPolicy(i: SchedulerPolicyInput): PolicyDocument {
  return document([
    allow("StartWorkflow", ["states:StartExecution"], i.stateMachineArn),
    allow("SendToDeadLetterQueue", ["sqs:SendMessage"], i.deadLetterQueueArn),
    queueKey(i.queueKmsKeyArn),
  ]);
}

const trust = (service: string, condition?: TrustStatement["Condition"]): TrustPolicy => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});

/** Lambda execution roles. */
export function lambdaTrustPolicy(): TrustPolicy {
  return trust("lambda.amazonaws.com");
}

/** The ARN of a state machine named `name`, known before it exists (its role needs it). */
export function stateMachineArnOf(s: AccountScope, name: string): string {
  return `arn:${s.partition}:states:${s.region}:${s.accountId}:stateMachine:${name}`;
}

/** Only the one state machine of this account may assume the role (confused deputy). */
export function stateMachineTrustPolicy(s: AccountScope, stateMachineName: string): TrustPolicy {
  return trust("states.amazonaws.com", {
    StringEquals: { "aws:SourceAccount": s.accountId },
    ArnEquals: { "aws:SourceArn": stateMachineArnOf(s, stateMachineName) },
  });
}

/**
 * Only schedules of the component's own schedule group may assume the role (confused deputy):
 * Scheduler names the group as the source ARN, so a shared group would admit every schedule in it.
 */
export function schedulerTrustPolicy(s: AccountScope, scheduleGroupArn: string): TrustPolicy {
  return trust("scheduler.amazonaws.com", {
    StringEquals: { "aws:SourceAccount": s.accountId },
    ArnEquals: { "aws:SourceArn": scheduleGroupArn },
  });
}
