/** The alarms on AWS service metrics, one function per concern over the rows of alarm-rows.ts. */
import { addAlarm } from "./alarm-conditions";
import { LAMBDA_ALARMS, QUEUE_ALARMS, TABLE_ALARMS, WORKFLOW_ALARMS } from "./alarm-rows";
import type { AlarmSpec, AlarmSpecInput } from "./alarm-spec";
import { AWS_METRICS } from "./aws-metrics";

/** Errors, duration and throttles of the collector, then of the processor. */
export function lambdaAlarms(input: AlarmSpecInput): AlarmSpec[] {
  const { namespace, functionName } = AWS_METRICS.lambda;
  const functions = [
    { part: "collector", name: input.collectorFunctionName },
    { part: "processor", name: input.processorFunctionName },
  ];
  const text = { ms: input.lambdaDurationThresholdMs, runs: input.lambdaDurationRuns };
  return functions.flatMap((fn) =>
    LAMBDA_ALARMS.map((row) =>
      addAlarm(
        row,
        { namespace, dimensions: { [functionName]: fn.name }, text: { ...text, part: fn.part } },
        input,
      ),
    ),
  );
}

/** Read and write throttles of the hot table, then of its index. */
export function tableAlarms(input: AlarmSpecInput): AlarmSpec[] {
  const { namespace, tableName, indexName } = AWS_METRICS.dynamodb;
  const table = { [tableName]: input.tableName };
  const subjects = [
    { dimensions: table, text: { part: "table", label: "the hot table" } },
    {
      dimensions: { ...table, [indexName]: input.tableIndexName },
      text: { part: "index", label: `the hot table's ${input.tableIndexName} index` },
    },
  ];
  return subjects.flatMap((subject) =>
    TABLE_ALARMS.map((row) => addAlarm(row, { namespace, ...subject }, input)),
  );
}

/** Failed and timed-out executions of the state machine, and its heartbeat. */
export function workflowAlarms(input: AlarmSpecInput): AlarmSpec[] {
  const { namespace, stateMachineArn } = AWS_METRICS.states;
  const dimensions = { [stateMachineArn]: input.stateMachineArn };
  return WORKFLOW_ALARMS.map((row) => addAlarm(row, { namespace, dimensions }, input));
}

/** Messages waiting in the scheduler's dead-letter queue and the processor's failure queue. */
export function queueAlarms(input: AlarmSpecInput): AlarmSpec[] {
  const { namespace, queueName } = AWS_METRICS.sqs;
  return QUEUE_ALARMS.map((row) =>
    addAlarm(row, { namespace, dimensions: { [queueName]: input[row.queue] } }, input),
  );
}
