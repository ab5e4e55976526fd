import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HOT_TABLE_KEYS } from "../../functions/shared/hot-table";
import { buildAlarmSpecs, compositeAlarmRule, runbookLink, type AlarmSpec } from "./alarm-specs";
import type { AlertingStackArgs } from "./args";
import { buildDashboardBody } from "./dashboard";
import { ALERTING_STACK_DEFAULTS } from "./defaults";
import { buildFastAlertSpecs, createFastAlarm } from "./fast-alerts";
import { accountScope, type AccountScope } from "../shared/account-scope";
import { resolveThresholds } from "../shared/threshold-args";
import { topicKeyPolicy, topicPolicy } from "./policies";
import { runIntervalSeconds, runPeriodSeconds } from "./timing";
import { validateAlertingStackArgs } from "./validate";
import { throwIfInvalid, warnWeakenedDefaults } from "../shared/validation";
import { withLegacyTypeAlias } from "../shared/type-token";

/**
 * The pipeline's alerting: a KMS-encrypted SNS topic with e-mail subscriptions, every alarm
 * (hosts, Lambdas, table, workflow, heartbeat, failure queues, application errors,
 * quarantine), a composite pipeline-health alarm, and the dashboard.
 */
export class AlertingStack extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring-pipeline:index:AlertingStack";

  /** The alert topic's ARN. */
  readonly topicArn: pulumi.Output<string>;
  /** The topic's key: publishers' roles need kms:GenerateDataKey* and kms:Decrypt on it. */
  readonly topicKmsKeyArn: pulumi.Output<string | undefined>;
  /** Every alarm, the composite pipeline-health alarm last. */
  readonly alarmNames: pulumi.Output<string[]>;
  /** The ARNs of alarmNames, in the same order. */
  readonly alarmArns: pulumi.Output<string[]>;
  /** The composite pipeline-health alarm. */
  readonly pipelineHealthAlarmName: pulumi.Output<string>;
  /** The composite pipeline-health alarm's ARN. */
  readonly pipelineHealthAlarmArn: pulumi.Output<string>;
  /** The CloudWatch dashboard. */
  readonly dashboardName: pulumi.Output<string>;
  /** The dashboard's console URL. */
  readonly dashboardUrl: pulumi.Output<string>;

  constructor(name: string, args: AlertingStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AlertingStack.TYPE, name, {}, withLegacyTypeAlias(AlertingStack.TYPE, opts));
    throwIfInvalid(this, "AlertingStack", name, validateAlertingStackArgs(name, args));
    const d = ALERTING_STACK_DEFAULTS;
    const actionsEnabled = args.actionsEnabled ?? d.actionsEnabled;
    this.warnOnWeakenedDefaults(args, actionsEnabled);
    const tags = args.tags ?? {};
    const child = { parent: this };
    const context = accountScope(this);

    const existing = args.topic?.existing;
    this.topicKmsKeyArn =
      args.kmsKeyArn !== undefined || existing
        ? (pulumi.output(args.kmsKeyArn) as pulumi.Output<string | undefined>)
        : this.createTopicKey(name, args, tags, context).arn;
    const { topic, policy } = existing
      ? { topic: existing, policy: undefined }
      : this.createTopic(name, args, tags, context);
    for (const email of args.alertEmails ?? []) {
      // Named by a hash of the address: reordering the list must not re-subscribe anyone.
      const id = createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 10);
      new aws.sns.TopicSubscription(
        `${name}-email-${id}`,
        { topic: topic.arn, protocol: "email", endpoint: email },
        child,
      );
    }

    const interval = runIntervalSeconds(args.schedule, args.scheduleIntervalSeconds);
    const tableIndexName = args.tableIndexName ?? HOT_TABLE_KEYS.metricTypeIndex;
    const specs = buildAlarmSpecs({
      environment: args.environment,
      intervalSeconds: interval,
      thresholds: resolveThresholds(args.thresholds),
      lambdaDurationThresholdMs: args.lambdaDurationThresholdMs ?? d.lambdaDurationThresholdMs,
      hostMetricAlarms: args.hostMetricAlarms ?? d.hostMetricAlarms,
      hostThresholdRuns: d.hostThresholdRuns,
      lambdaDurationRuns: d.lambdaDurationRuns,
      queueDepthPeriodSeconds: d.queueDepthPeriodSeconds,
      collectorFunctionName: args.collectorFunctionName,
      processorFunctionName: args.processorFunctionName,
      stateMachineArn: args.stateMachineArn,
      tableName: args.tableName,
      tableIndexName,
      schedulerDlqName: args.schedulerDlqName,
      processorFailureQueueName: args.processorFailureQueueName,
    });
    const actions = { actionsEnabled, alarmActions: [topic.arn], okActions: [topic.arn] };
    // Notifications are refused until the topic policy lets CloudWatch publish.
    const afterPolicy = { ...child, dependsOn: policy ? [policy] : [] };
    const alarms = specs.map((spec) => ({
      spec,
      alarm: this.createAlarm(name, spec, actions, tags, afterPolicy),
    }));
    const periodSeconds = args.sourcePeriodSeconds ?? d.sourcePeriodSeconds;
    const fastAlarms =
      (args.fastAlerts ?? d.fastAlerts)
        ? buildFastAlertSpecs({
            thresholds: resolveThresholds(args.thresholds),
            periodSeconds,
            instanceIds: args.fastAlertInstanceIds,
            runbook: runbookLink,
          }).map((spec) =>
            createFastAlarm(name, spec, { ...actions, periodSeconds, tags }, afterPolicy),
          )
        : [];
    const pipelineAlarmNames = alarms.filter((a) => a.spec.pipeline).map((a) => a.alarm.name);
    const health = new aws.cloudwatch.CompositeAlarm(
      `${name}-pipeline-health`,
      {
        alarmName: `${name}-pipeline-health`,
        alarmDescription: `One of the pipeline's own alarms (Lambdas, table, workflow, heartbeat, failure queues) is in ALARM. Open the dashboard's alarm status to see which, then follow its runbook. ${runbookLink("pipeline-health")}`,
        alarmRule: pulumi.all(pipelineAlarmNames).apply(compositeAlarmRule),
        ...actions,
        tags,
      },
      afterPolicy,
    );

    const metricAlarms = [...alarms.map((a) => a.alarm), ...fastAlarms];
    const metricAlarmArns = metricAlarms.map((a) => a.arn);
    this.alarmNames = pulumi.all([...metricAlarms.map((a) => a.name), health.alarmName]);
    this.alarmArns = pulumi.all([...metricAlarmArns, health.arn]);
    this.pipelineHealthAlarmName = health.alarmName;
    this.pipelineHealthAlarmArn = health.arn;

    const dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: name,
        dashboardBody: pulumi
          .all([
            context,
            pulumi.all([
              args.collectorFunctionName,
              args.processorFunctionName,
              args.stateMachineArn,
              args.stateMachineName,
              args.tableName,
              args.schedulerDlqName,
              args.processorFailureQueueName,
            ]),
            this.alarmArns,
          ])
          .apply(([ctx, [collector, processor, smArn, smName, table, dlq, failures], arns]) =>
            JSON.stringify(
              buildDashboardBody({
                region: ctx.region,
                environment: args.environment,
                runPeriodSeconds: runPeriodSeconds(interval),
                queuePeriodSeconds: d.queueDepthPeriodSeconds,
                collectorFunctionName: collector,
                processorFunctionName: processor,
                stateMachineArn: smArn,
                stateMachineName: smName,
                tableName: table,
                tableIndexName,
                schedulerDlqName: dlq,
                processorFailureQueueName: failures,
                alarmArns: arns,
              }),
            ),
          ),
      },
      child,
    );

    this.topicArn = topic.arn;
    this.dashboardName = dashboard.dashboardName;
    this.dashboardUrl = pulumi.interpolate`https://${context.region}.console.aws.amazon.com/cloudwatch/home?region=${context.region}#dashboards:name=${dashboard.dashboardName}`;
    this.registerOutputs({
      topicArn: this.topicArn,
      topicKmsKeyArn: this.topicKmsKeyArn,
      alarmNames: this.alarmNames,
      alarmArns: this.alarmArns,
      pipelineHealthAlarmName: this.pipelineHealthAlarmName,
      pipelineHealthAlarmArn: this.pipelineHealthAlarmArn,
      dashboardName: this.dashboardName,
      dashboardUrl: this.dashboardUrl,
    });
  }

  private createAlarm(
    name: string,
    spec: AlarmSpec,
    actions: {
      actionsEnabled: boolean;
      alarmActions: pulumi.Input<string>[];
      okActions: pulumi.Input<string>[];
    },
    tags: Record<string, string>,
    opts: pulumi.CustomResourceOptions,
  ): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(
      `${name}-${spec.key}`,
      {
        name: `${name}-${spec.key}`,
        alarmDescription: spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: spec.dimensions,
        statistic: spec.statistic,
        comparisonOperator: spec.comparisonOperator,
        threshold: spec.threshold,
        period: spec.timing.periodSeconds,
        evaluationPeriods: spec.timing.evaluationPeriods,
        datapointsToAlarm: spec.timing.datapointsToAlarm,
        treatMissingData: spec.treatMissingData,
        warmUpConfiguration:
          spec.warmUpMinutes !== undefined
            ? { warmUpPeriodDurationInMinutes: spec.warmUpMinutes }
            : undefined,
        ...actions,
        tags,
      },
      opts,
    );
  }

  private createTopicKey(
    name: string,
    args: AlertingStackArgs,
    tags: Record<string, string>,
    context: pulumi.Output<AccountScope>,
  ): aws.kms.Key {
    const d = ALERTING_STACK_DEFAULTS;
    const key = new aws.kms.Key(
      `${name}-topic-key`,
      {
        description: `Encrypts the ${name} alert topic; CloudWatch alarms may use it.`,
        enableKeyRotation: args.keyRotation ?? d.keyRotation,
        deletionWindowInDays: args.keyDeletionWindowDays ?? d.keyDeletionWindowDays,
        policy: context.apply((ctx) => JSON.stringify(topicKeyPolicy(ctx))),
        tags,
      },
      { parent: this },
    );
    new aws.kms.Alias(
      `${name}-topic-key-alias`,
      { name: `alias/${name}-alerts`, targetKeyId: key.arn },
      { parent: this },
    );
    return key;
  }

  /** The topic, encrypted with a key CloudWatch alarms may use, and its publish policy. */
  private createTopic(
    name: string,
    args: AlertingStackArgs,
    tags: Record<string, string>,
    context: pulumi.Output<AccountScope>,
  ): { topic: aws.sns.Topic; policy: aws.sns.TopicPolicy } {
    const child = { parent: this };
    const topic = new aws.sns.Topic(
      `${name}-topic`,
      {
        displayName: args.topic?.displayName,
        tags,
        // A key CloudWatch alarms may use, or their notifications are dropped.
        kmsMasterKeyId: this.topicKmsKeyArn,
      },
      child,
    );
    const policy = new aws.sns.TopicPolicy(
      `${name}-topic-policy`,
      {
        arn: topic.arn,
        policy: pulumi
          .all([context, topic.arn, pulumi.all([...(args.publisherRoleArns ?? [])])])
          .apply(([ctx, arn, roles]) => JSON.stringify(topicPolicy(ctx, arn, roles))),
      },
      child,
    );
    return { topic, policy };
  }

  private warnOnWeakenedDefaults(args: AlertingStackArgs, actionsEnabled: boolean): void {
    const weakened: string[] = [];
    if (args.keyRotation === false) weakened.push("keyRotation");
    if (!actionsEnabled) weakened.push("actionsEnabled");
    warnWeakenedDefaults(this, "AlertingStack", weakened);
    if (args.topic?.existing) {
      void pulumi.log.warn(
        "AlertingStack: topic.existing keeps its owner's policy: it must let cloudwatch.amazonaws.com and publisherRoleArns publish.",
        this,
      );
    }
    if ((args.alertEmails ?? []).length === 0) {
      void pulumi.log.warn(
        "AlertingStack: no alertEmails: alarm notifications reach nobody until the topic has a subscriber.",
        this,
      );
    }
  }
}
