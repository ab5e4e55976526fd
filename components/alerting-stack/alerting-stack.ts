import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkedTags, type ResolvedTags } from "../shared/tags";
import { checkedThresholds, warnFractionThresholds } from "../shared/threshold-check";
import { HOT_TABLE_KEYS } from "../../functions/shared/hot-table";
import { buildAlarmSpecs, compositeAlarmRule, runbookLink, type AlarmSpec } from "./alarm-specs";
import type { AlertingStackArgs } from "./args";
import { buildDashboardBody } from "./dashboard";
import { ALERTING_STACK_DEFAULTS } from "./defaults";
import { createFastAlarm } from "./fast-alerts";
import { createEmailSubscriptions, fastAlertSpecs } from "./inputs";
import { createAgentConfigParameter } from "./agent-config";
import { compactionAlarmSpecs } from "./compaction-alarms";
import { COMPACTION_DEFAULTS } from "../analytics-catalog/defaults";
import { scheduleIntervalSeconds } from "../../config/schedule";
import { accountScope, type AccountScope } from "../shared/account-scope";
import { topicKeyPolicy, topicPolicy } from "./policies";
import { runIntervalSeconds, runPeriodSeconds } from "./timing";
import { topicKeyProblems, validateAlertingStackArgs } from "./validate";
import { checkedInput } from "../shared/input-check";

const PENDING_KEY = "kmsKeyArn is not known in this preview: it is checked at deploy.";
import { checkSite, isValidated, throwIfInvalid, warnWeakenedDefaults } from "../shared/validation";
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
  /**
   * The SSM parameter holding the CloudWatch agent configuration the stack reads; load it with
   * `amazon-cloudwatch-agent-ctl -a fetch-config -c ssm:<name>`. Undefined when not created.
   */
  readonly agentConfigParameterName?: pulumi.Output<string>;

  constructor(name: string, args: AlertingStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AlertingStack.TYPE, name, {}, withLegacyTypeAlias(AlertingStack.TYPE, opts));
    // A facade that built these args validated them with its other parts'.
    if (!isValidated(args)) {
      throwIfInvalid(this, "AlertingStack", name, validateAlertingStackArgs(name, args));
      warnFractionThresholds(this, "AlertingStack", args.thresholds);
    }
    const d = ALERTING_STACK_DEFAULTS;
    const actionsEnabled = args.actionsEnabled ?? d.actionsEnabled;
    this.warnOnWeakenedDefaults(args, actionsEnabled);
    const site = checkSite(args, "AlertingStack", name);
    const tags = checkedTags(site, args.tags);
    const child = { parent: this };
    const context = accountScope(this);

    const existing = args.topic?.existing;
    const givenKey =
      args.kmsKeyArn === undefined
        ? undefined
        : checkedInput(site, args.kmsKeyArn, topicKeyProblems, PENDING_KEY);
    this.topicKmsKeyArn =
      givenKey !== undefined || existing
        ? (pulumi.output(givenKey) as pulumi.Output<string | undefined>)
        : this.createTopicKey(name, args, tags, context).arn;
    const { topic, policy } = existing
      ? { topic: existing, policy: undefined }
      : this.createTopic(name, args, tags, context);
    createEmailSubscriptions(name, site, this, topic.arn, args.alertEmails ?? []);

    const interval = runIntervalSeconds(args.schedule, args.scheduleIntervalSeconds);
    const tableIndexName = args.tableIndexName ?? HOT_TABLE_KEYS.metricTypeIndex;
    const metricSource = args.metricSource ?? d.metricSource;
    const fastAlerts = args.fastAlerts ?? d.fastAlerts;
    const fastTarget = { tag: args.fastAlertTag, instanceIds: args.fastAlertInstanceIds };
    const compaction = args.compaction;
    const thresholds = checkedThresholds(site, args.thresholds);
    const specs = buildAlarmSpecs({
      environment: args.environment,
      intervalSeconds: interval,
      thresholds,
      lambdaDurationThresholdMs: args.lambdaDurationThresholdMs ?? d.lambdaDurationThresholdMs,
      // The cloudwatch source publishes no InfraMonitoring host series to alarm on.
      hostMetricAlarms: args.hostMetricAlarms ?? metricSource !== "cloudwatch",
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
    if (compaction) {
      specs.push(
        ...compactionAlarmSpecs({
          stateMachineArn: compaction.stateMachineArn,
          deadLetterQueueName: compaction.deadLetterQueueName,
          intervalSeconds: scheduleIntervalSeconds(
            compaction.schedule ?? COMPACTION_DEFAULTS.schedule,
          ),
          enabled: compaction.enabled ?? COMPACTION_DEFAULTS.enabled,
          queueDepthPeriodSeconds: d.queueDepthPeriodSeconds,
          runbook: runbookLink,
        }),
      );
    }
    const actions = { actionsEnabled, alarmActions: [topic.arn], okActions: [topic.arn] };
    // Notifications are refused until the topic policy lets CloudWatch publish.
    const afterPolicy = { ...child, dependsOn: policy ? [policy] : [] };
    const alarms = specs.map((spec) => ({
      spec,
      alarm: this.createAlarm(name, spec, actions, tags, afterPolicy),
    }));
    const periodSeconds = args.sourcePeriodSeconds ?? d.sourcePeriodSeconds;
    const fastAlarms = fastAlerts
      ? fastAlertSpecs(site, fastTarget, {
          thresholds,
          periodSeconds,
          runbook: runbookLink,
        }).map((spec) =>
          createFastAlarm(name, spec, { ...actions, periodSeconds, tags }, afterPolicy),
        )
      : [];
    const agentConfig =
      (args.agentConfigParameter ?? (metricSource === "cloudwatch" || fastAlerts))
        ? createAgentConfigParameter(
            name,
            fastAlerts ? { tag: args.fastAlertTag } : {},
            tags,
            child,
          )
        : undefined;
    // Alarms the compaction's component keeps (failed, timed out) join by name.
    const joinedAlarmNames = pulumi.output(compaction?.alarmNames ?? []);
    const pipelineAlarmNames = alarms.filter((a) => a.spec.pipeline).map((a) => a.alarm.name);
    const health = new aws.cloudwatch.CompositeAlarm(
      `${name}-pipeline-health`,
      {
        alarmName: `${name}-pipeline-health`,
        alarmDescription: `One of the pipeline's own alarms (Lambdas, table, workflow, heartbeat, failure queues, compaction) is in ALARM. Open the dashboard's alarm status to see which, then follow its runbook. ${runbookLink("pipeline-health")}`,
        alarmRule: pulumi
          .all([pulumi.all(pipelineAlarmNames), joinedAlarmNames])
          .apply(([own, joined]) => compositeAlarmRule([...own, ...joined])),
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

    const joinedAlarmArns = pulumi
      .all([context, joinedAlarmNames])
      .apply(([ctx, names]) =>
        names.map(
          (n) => `arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${n}`,
        ),
      );
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
            pulumi.all([compaction?.stateMachineArn, compaction?.deadLetterQueueName]),
            this.alarmArns,
            joinedAlarmArns,
          ])
          .apply(
            ([
              ctx,
              [collector, processor, smArn, smName, table, dlq, failures],
              [compactionArn, compactionDlq],
              arns,
              joined,
            ]) =>
              JSON.stringify(
                buildDashboardBody({
                  region: ctx.region,
                  environment: args.environment,
                  runPeriodSeconds: runPeriodSeconds(interval),
                  queuePeriodSeconds: d.queueDepthPeriodSeconds,
                  hostSeries: metricSource === "cloudwatch" ? "cloudwatch" : "pipeline",
                  sourcePeriodSeconds: periodSeconds,
                  collectorFunctionName: collector,
                  processorFunctionName: processor,
                  stateMachineArn: smArn,
                  stateMachineName: smName,
                  tableName: table,
                  tableIndexName,
                  schedulerDlqName: dlq,
                  processorFailureQueueName: failures,
                  compaction:
                    compactionArn !== undefined && compactionDlq !== undefined
                      ? { stateMachineArn: compactionArn, deadLetterQueueName: compactionDlq }
                      : undefined,
                  alarmArns: [...arns, ...joined],
                }),
              ),
          ),
      },
      child,
    );

    this.agentConfigParameterName = agentConfig?.name;
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
      agentConfigParameterName: this.agentConfigParameterName,
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
    tags: ResolvedTags,
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
    tags: ResolvedTags,
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
    tags: ResolvedTags,
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
