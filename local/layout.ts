import path from "node:path";

/**
 * The local stack's names: those the program gives the stack "local" (MetricStore's
 * `${name}-lake` and `${name}-hot-table`, AnalyticsCatalog's database), without the random
 * suffix Pulumi's auto-naming adds in AWS.
 */
export const LOCAL_STACK = Object.freeze({
  environment: "local",
  region: "eu-west-1",
  bucket: "monitoring-local-lake",
  table: "monitoring-local-hot-table",
  database: "monitoring_local",
  alertTopicArn: "arn:aws:sns:eu-west-1:000000000000:monitoring-local-alerts",
  collectorArn: "arn:aws:lambda:eu-west-1:000000000000:function:monitoring-local-collector",
  processorArn: "arn:aws:lambda:eu-west-1:000000000000:function:monitoring-local-processor",
  collectorFunction: "monitoring-local-collector",
  processorFunction: "monitoring-local-processor",
  stateMachineName: "monitoring-local-workflow",
  stateMachineArn: "arn:aws:states:eu-west-1:000000000000:stateMachine:monitoring-local-workflow",
  schedulerDlq: "monitoring-local-schedule-dlq",
  processorFailureQueue: "monitoring-local-processor-failures",
  /** AlertingStack's name: its alarms are `${alerting}-${spec key}`. */
  alerting: "monitoring-local",
  account: "000000000000",
});

/** @default ".local" in the working directory */
export const DEFAULT_DATA_DIR = ".local";

/** What the local run keeps between runs. `--fresh` removes exactly these, nothing else. */
export interface LocalPaths {
  readonly root: string;
  /** s3rver's directory: one folder per bucket. */
  readonly s3: string;
  /** The lake bucket's folder inside it. */
  readonly lake: string;
  /** dynalite's LevelDB. */
  readonly dynamodb: string;
  /** Every SNS publish, one JSON object a line. */
  readonly notifications: string;
  /** The handlers' EMF documents (what CloudWatch would receive). */
  readonly metrics: string;
  /** The handlers' structured logs (what CloudWatch Logs would receive). */
  readonly logs: string;
  /** The local alarms' current states, for the dashboard. */
  readonly alarmStates: string;
  /** Names the process using the folder; see lock.ts. */
  readonly lock: string;
}

export function localPaths(dataDir: string = DEFAULT_DATA_DIR): LocalPaths {
  const root = path.resolve(dataDir);
  const s3 = path.join(root, "s3");
  return {
    root,
    s3,
    lake: path.join(s3, LOCAL_STACK.bucket),
    dynamodb: path.join(root, "dynamodb"),
    notifications: path.join(root, "notifications.jsonl"),
    metrics: path.join(root, "metrics.jsonl"),
    logs: path.join(root, "logs.jsonl"),
    alarmStates: path.join(root, "alarm-states.json"),
    lock: path.join(root, "run.lock"),
  };
}
