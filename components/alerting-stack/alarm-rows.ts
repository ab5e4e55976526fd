/**
 * The alarms on AWS service metrics, as data: one row per alarm, applied to each subject of
 * its concern (aws-alarms.ts). `{part}`, `{label}` and the like are the subject's values.
 */
import type { AlarmRow } from "./alarm-conditions";
import { AWS_METRICS } from "./aws-metrics";

const { lambda, dynamodb: ddb, states, sqs } = AWS_METRICS;

/** For each of the collector and the processor. */
export const LAMBDA_ALARMS: readonly AlarmRow[] = [
  {
    key: "{part}-errors",
    metricName: lambda.errors,
    when: "any",
    meaning: "The {part} Lambda failed at least once in the last run.",
    action: "Read its log group for the error and the event that caused it.",
    anchor: "{part}-errors",
  },
  {
    key: "{part}-duration",
    metricName: lambda.duration,
    when: "slow",
    meaning: "The {part} Lambda ran longer than {ms} ms in {runs} consecutive runs.",
    action:
      "Compare with the data volume on the dashboard; raise memory or the timeout before it times out.",
    anchor: "lambda-duration",
  },
  {
    key: "{part}-throttles",
    metricName: lambda.throttles,
    when: "any",
    meaning: "The {part} Lambda was throttled.",
    action: "Check the account's concurrency and the function's reserved concurrency.",
    anchor: "lambda-throttles",
  },
];

const TABLE_ACTION =
  "The SDK retries them; if it repeats, check the table's on-demand limits and hot partition keys.";

/** For each of the hot table and its index. */
export const TABLE_ALARMS: readonly AlarmRow[] = [
  {
    key: "{part}-read-throttles",
    metricName: ddb.readThrottles,
    when: "any",
    meaning: "DynamoDB throttled reads on {label}.",
    action: TABLE_ACTION,
    anchor: "dynamodb-throttles",
  },
  {
    key: "{part}-write-throttles",
    metricName: ddb.writeThrottles,
    when: "any",
    meaning: "DynamoDB throttled writes on {label}.",
    action: TABLE_ACTION,
    anchor: "dynamodb-throttles",
  },
];

/** For the collector workflow's state machine. */
export const WORKFLOW_ALARMS: readonly AlarmRow[] = [
  {
    key: "executions-failed",
    metricName: states.failed,
    when: "any",
    meaning: "A pipeline execution failed.",
    action: "Open the failed execution in the Step Functions console and find the failing state.",
    anchor: "executions-failed",
  },
  {
    key: "executions-timed-out",
    metricName: states.timedOut,
    when: "any",
    meaning: "A pipeline execution timed out.",
    action:
      "Find the state that hung in the execution history; check the collector's source and duration.",
    anchor: "executions-timed-out",
  },
  {
    key: "heartbeat",
    metricName: states.started,
    when: "stopped",
    meaning: "No pipeline execution started within the schedule's window: collection has stopped.",
    action:
      "Check the schedule is enabled, its dead-letter queue, and the scheduler role's permission to start the state machine.",
    anchor: "heartbeat",
  },
];

const QUEUE_ACTION = "Read a message for the cause, fix it, then redrive or replay the messages.";

/** One row per failure queue; `queue` names the input field holding the queue's name. */
export const QUEUE_ALARMS: readonly (AlarmRow & {
  readonly queue: "schedulerDlqName" | "processorFailureQueueName";
})[] = [
  {
    key: "scheduler-dlq-depth",
    queue: "schedulerDlqName",
    metricName: sqs.visible,
    when: "queued",
    meaning:
      "The scheduler could not start the state machine; the events are in its dead-letter queue.",
    action: QUEUE_ACTION,
    anchor: "scheduler-dlq",
  },
  {
    key: "processor-failure-queue-depth",
    queue: "processorFailureQueueName",
    metricName: sqs.visible,
    when: "queued",
    meaning:
      "The log-processor failed an S3 object after its retries; the events are in its on-failure queue.",
    action: QUEUE_ACTION,
    anchor: "processor-failure-queue",
  },
];
