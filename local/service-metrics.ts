import { AWS_METRICS } from "../components/alerting-stack";
import { HOT_TABLE_KEYS } from "../contract/hot-table";
import { LOCAL_STACK } from "./layout";

/** What one cycle did, in the terms the AWS services report metrics in. */
export interface CycleFacts {
  /** False when the execution ended in its Fail state. */
  readonly executionSucceeded: boolean;
  readonly collector: InvocationFacts;
  readonly processor: InvocationFacts;
  /** Items put into the hot table (one write unit each: every item is under 1 KB). */
  readonly itemsWritten: number;
}
export interface InvocationFacts {
  readonly durationsMs: readonly number[];
  readonly errors: number;
}

/** Collects a handler's invocations as Lambda would count them. */
export function invocationRecorder() {
  const durationsMs: number[] = [];
  let errors = 0;
  return {
    async time<T>(invoke: () => Promise<T>): Promise<T> {
      const started = performance.now();
      try {
        return await invoke();
      } catch (err) {
        errors++;
        throw err;
      } finally {
        durationsMs.push(Math.round(performance.now() - started));
      }
    },
    /** The facts so far, and a fresh start for the next cycle. */
    take(): InvocationFacts {
      const facts = { durationsMs: [...durationsMs], errors };
      durationsMs.length = 0;
      errors = 0;
      return facts;
    },
  };
}

const emf = (
  namespace: string,
  dimensions: Readonly<Record<string, string>>,
  values: Readonly<Record<string, number | readonly number[]>>,
  at: Date,
) =>
  JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: Object.keys(values).map((Name) => ({ Name })),
        },
      ],
    },
    ...dimensions,
    ...values,
  });

/**
 * The metrics Step Functions, Lambda, DynamoDB and SQS would report for a cycle, as EMF lines,
 * so the dashboard's service graphs and the alarms on them have local data. Nothing is throttled
 * and no queue exists locally: those are reported as 0, which is what happened.
 */
export function serviceMetricLines(facts: CycleFacts, at: Date): string[] {
  const { states, lambda, dynamodb: ddb, sqs } = AWS_METRICS;
  const lines = [
    emf(
      states.namespace,
      { [states.stateMachineArn]: LOCAL_STACK.stateMachineArn },
      {
        [states.started]: 1,
        [states.succeeded]: facts.executionSucceeded ? 1 : 0,
        [states.failed]: facts.executionSucceeded ? 0 : 1,
        [states.timedOut]: 0,
      },
      at,
    ),
  ];
  for (const [name, f] of [
    [LOCAL_STACK.collectorFunction, facts.collector],
    [LOCAL_STACK.processorFunction, facts.processor],
  ] as const) {
    // Lambda reports nothing for a function that was not invoked.
    if (f.durationsMs.length === 0) continue;
    lines.push(
      emf(
        lambda.namespace,
        { [lambda.functionName]: name },
        {
          [lambda.invocations]: f.durationsMs.length,
          [lambda.errors]: f.errors,
          [lambda.throttles]: 0,
          [lambda.duration]: f.durationsMs,
        },
        at,
      ),
    );
  }
  const table = { [ddb.tableName]: LOCAL_STACK.table };
  lines.push(
    emf(
      ddb.namespace,
      table,
      {
        [ddb.consumedReads]: 0,
        [ddb.consumedWrites]: facts.itemsWritten,
        [ddb.readThrottles]: 0,
        [ddb.writeThrottles]: 0,
      },
      at,
    ),
    emf(
      ddb.namespace,
      { ...table, [ddb.indexName]: HOT_TABLE_KEYS.metricTypeIndex },
      { [ddb.readThrottles]: 0, [ddb.writeThrottles]: 0 },
      at,
    ),
  );
  for (const queue of [LOCAL_STACK.schedulerDlq, LOCAL_STACK.processorFailureQueue]) {
    lines.push(emf(sqs.namespace, { [sqs.queueName]: queue }, { [sqs.visible]: 0 }, at));
  }
  return lines;
}
