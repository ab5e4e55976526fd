/**
 * AlertingStack's defaults. Every entry is repeated in docs/components/alerting-stack.md's "Default settings" table;
 * the security ones log a warning when an argument weakens them.
 */
export const ALERTING_STACK_DEFAULTS = Object.freeze({
  /** Maximum Lambda duration that counts as slow, in milliseconds. */
  lambdaDurationThresholdMs: 3000,
  /** Consecutive runs a host metric must breach its threshold (the processor alerts at once). */
  hostThresholdRuns: 2,
  /** Consecutive runs a Lambda must be slow. */
  lambdaDurationRuns: 3,
  /**
   * Period of the queue-depth alarms: SQS reports depth every minute while a queue holds
   * messages, whatever the schedule.
   */
  queueDepthPeriodSeconds: 300,
  /** Fast alerts on the source metrics cost per instance: off unless a stack turns them on. */
  fastAlerts: false,
  /** The source metrics' period: EC2 basic monitoring. */
  sourcePeriodSeconds: 300,
  /** CollectorWorkflow's default source: AWS/EC2 and CWAgent. */
  metricSource: "cloudwatch",
  /** Days KMS waits before deleting the created topic key. */
  keyDeletionWindowDays: 30,
  /** Security defaults. */
  keyRotation: true,
  actionsEnabled: true,
});

/** The AWS-managed SNS key: CloudWatch alarms cannot use it, so their notifications are dropped. */
export const AWS_MANAGED_SNS_KEY = "alias/aws/sns";
