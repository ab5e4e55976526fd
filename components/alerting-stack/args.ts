import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { ThresholdArgs } from "../shared/threshold-args";
import type { TagsInput } from "../shared/tags";

/** The alert topic. */
export interface AlertingTopicArgs {
  /**
   * An existing topic (for example `aws.sns.Topic.get`). Its owner keeps its policy and key:
   * the policy must let cloudwatch.amazonaws.com and publisherRoleArns publish, and a KMS key
   * on it must be passed as kmsKeyArn. @default none (a topic is created)
   */
  readonly existing?: aws.sns.Topic;
  /**
   * Display name of the created topic (the sender of SMS and e-mail); may be an Output (passed
   * to the topic as it is). @default none
   */
  readonly displayName?: pulumi.Input<string>;
}

/** An EC2 tag, key and value. */
export interface AlertingTagArgs {
  /** The tag's key: printable ASCII, no quotes or backslashes. */
  readonly key: string;
  /** The tag's value: printable ASCII, no quotes or backslashes. */
  readonly value: string;
}

/** The compaction AnalyticsCatalog runs, its alarms joined to the pipeline's health. */
export interface AlertingCompactionArgs {
  /** The compaction state machine's ARN (AnalyticsCatalog.compactionStateMachineArn). */
  readonly stateMachineArn: pulumi.Input<string>;
  /** The schedule's dead-letter queue (AnalyticsCatalog.compactionDlqName). */
  readonly deadLetterQueueName: pulumi.Input<string>;
  /** Its schedule; the not-started alarm waits one interval and a slack. @default "cron(30 1 * * ? *)" */
  readonly schedule?: string;
  /** Whether the schedule runs; a disabled one gets no not-started alarm. @default true */
  readonly enabled?: boolean;
  /** Alarms of its own to join the composite (AnalyticsCatalog.compactionAlarmNames). @default [] */
  readonly alarmNames?: pulumi.Input<pulumi.Input<string>[]>;
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
   * The instances the fast alerts watch, split over as many alarms per metric as keep each
   * query within 1,024 characters. May be an Output (checked when it resolves); the number of
   * alarms cannot wait for it, so an Output must fit one alarm per metric (24 current ids).
   * @default every instance in the region reporting the metrics
   */
  readonly fastAlertInstanceIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The tag of the instances the fast alerts watch (the collector's `targets.tag`). AWS/EC2
   * queries filter on `tag."<key>"`, which needs the account's resource tags on telemetry;
   * CWAgent queries filter on the dimension the shipped agent configuration appends.
   * @default none (fastAlertInstanceIds, else the region)
   */
  readonly fastAlertTag?: AlertingTagArgs;
  /**
   * Period of the fast alerts, the source's resolution in seconds: a multiple of 60, at most
   * 10800 (Metrics Insights alarms read the latest three hours). @default 300
   */
  readonly sourcePeriodSeconds?: number;
  /**
   * The collector's metric source: the dashboard's host graphs read AWS/EC2 and CWAgent for
   * "cloudwatch", the pipeline's own InfraMonitoring series for "host" and "synthetic".
   * @default "cloudwatch"
   */
  readonly metricSource?: string;
  /**
   * Alarms on the collector's per-environment host metrics (InfraMonitoring), which only the
   * host and synthetic sources emit: the cloudwatch source publishes no copy of AWS/EC2 or
   * CWAgent values. @default true, false for metricSource "cloudwatch"
   */
  readonly hostMetricAlarms?: boolean;
  /**
   * Publish the CloudWatch agent configuration the stack reads (SSM parameter
   * AmazonCloudWatch-<name>). @default true when metricSource is "cloudwatch" or fastAlerts is on
   */
  readonly agentConfigParameter?: boolean;
  /** The lake's daily compaction, watched by the health composite. @default none (not watched) */
  readonly compaction?: AlertingCompactionArgs;
  /**
   * Tags for every taggable child, at most 50 (keys up to 128 characters, not starting with
   * `aws:`; values up to 256). The map or any value may be an Output (another stack's, or a
   * secret, which stays secret on every child); it is checked when it resolves. @default {}
   */
  readonly tags?: TagsInput;
  /** The topic: an existing one, or settings of the one created. @default a topic is created */
  readonly topic?: AlertingTopicArgs;
}
