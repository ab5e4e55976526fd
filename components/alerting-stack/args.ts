import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { ThresholdArgs } from "../shared/threshold-args";

/** The alert topic. */
export interface AlertingTopicArgs {
  /**
   * An existing topic (for example `aws.sns.Topic.get`). Its owner keeps its policy and key:
   * the policy must let cloudwatch.amazonaws.com and publisherRoleArns publish, and a KMS key
   * on it must be passed as kmsKeyArn. @default none (a topic is created)
   */
  readonly existing?: aws.sns.Topic;
  /** Display name of the created topic (the sender of SMS and e-mail). @default none */
  readonly displayName?: string;
}

export interface AlertingStackArgs {
  /** The deployment's name: the `Environment` dimension of the pipeline's own metrics. */
  readonly environment: string;
  /** The collection schedule (rate() or cron()); alarm periods are derived from it. */
  readonly schedule: string;
  /**
   * Seconds between two runs, for a cron() schedule that runs more often than daily.
   * @default derived from rate(); a day for cron()
   */
  readonly scheduleIntervalSeconds?: number;
  /** Alarm thresholds, the same numbers the log-processor alerts on. @default cpu 80, memory 90, disk 85, errorRate 5 */
  readonly thresholds?: ThresholdArgs;
  /**
   * One e-mail subscription per address (each must be confirmed). An address may be an Output
   * (another stack's, or a secret, which stays secret); it is checked when it resolves, and its
   * subscription is named by its position in the list. The list itself cannot be an Output:
   * the number of subscriptions is fixed when the program runs. @default [] (warns)
   */
  readonly alertEmails?: pulumi.Input<string>[];
  /**
   * A customer-managed KMS key for the topic; its policy must let cloudwatch.amazonaws.com
   * use kms:Decrypt and kms:GenerateDataKey*.
   * @default a key created here, with rotation and that grant
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** The data-collector function (CollectorWorkflow.collectorFunctionName). */
  readonly collectorFunctionName: pulumi.Input<string>;
  /** The log-processor function (CollectorWorkflow.processorFunctionName). */
  readonly processorFunctionName: pulumi.Input<string>;
  /** The state machine's ARN (CollectorWorkflow.stateMachineArn). */
  readonly stateMachineArn: pulumi.Input<string>;
  /** The state machine's name (CollectorWorkflow.stateMachineName). */
  readonly stateMachineName: pulumi.Input<string>;
  /** The hot table (MetricStore.tableName). */
  readonly tableName: pulumi.Input<string>;
  /** The hot table's global secondary index. @default HOT_TABLE_KEYS.metricTypeIndex */
  readonly tableIndexName?: string;
  /** The schedule's dead-letter queue (CollectorWorkflow.schedulerDlqName). */
  readonly schedulerDlqName: pulumi.Input<string>;
  /** The processor's failure queue (CollectorWorkflow.processorFailureQueueName). */
  readonly processorFailureQueueName: pulumi.Input<string>;
  /** Roles that publish to the topic (the state machine, the processor). @default [] */
  readonly publisherRoleArns?: pulumi.Input<string>[];
  /** Maximum Lambda duration before the duration alarms fire, in ms. @default 3000 */
  readonly lambdaDurationThresholdMs?: number;
  /** Days before a deleted topic key is gone (7-30). @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** Yearly rotation of the created key (security default; turning it off warns). @default true */
  readonly keyRotation?: boolean;
  /** Alarm and OK notifications (turning them off warns). @default true */
  readonly actionsEnabled?: boolean;
  /**
   * Fast alerts: a Metrics Insights query alarm per threshold metric on the source metrics
   * (AWS/EC2, CWAgent) grouped by InstanceId, so a breach alerts within a period or two of
   * the data, whatever the collection schedule. Billed per instance metric analyzed.
   * @default false
   */
  readonly fastAlerts?: boolean;
  /**
   * The instances the fast alerts watch; may be an Output (checked when it resolves).
   * @default every instance in the region reporting the metrics
   */
  readonly fastAlertInstanceIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Period of the fast alerts, the source's resolution in seconds. @default 300 */
  readonly sourcePeriodSeconds?: number;
  /**
   * Alarms on the collector's per-environment host metrics (InfraMonitoring), which only the
   * host and synthetic sources emit: the cloudwatch source publishes no copy of AWS/EC2 or
   * CWAgent values. @default true
   */
  readonly hostMetricAlarms?: boolean;
  /** Tags for every taggable child. @default {} */
  readonly tags?: Record<string, string>;
  /** The topic: an existing one, or settings of the one created. @default a topic is created */
  readonly topic?: AlertingTopicArgs;
}
