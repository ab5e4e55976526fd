import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runbookLink } from "./alarm-specs";
import { alarmSpecs, type AlarmActions, createHealthAlarm, createMetricAlarm } from "./alarms";
import type { AlertingStackArgs } from "./args";
import { createDashboard } from "./dashboard-resource";
import { createFastAlarm } from "./fast-alerts";
import { createEmailSubscriptions, fastAlertSpecs } from "./inputs";
import { createAgentConfigParameter } from "./agent-config";
import { accountScope } from "../shared/account-scope";
import type { CheckSite } from "../shared/input-check";
import { resolveAlertingStack, type ResolvedAlertingStack } from "./resolve";
import { alertTopic, topicKey } from "./topic";
import { validateAlertingStackArgs } from "./validate";
import { warnFractionThresholds } from "../shared/threshold-check";
import { checkSite, isValidated, throwIfInvalid, warnWeakenedDefaults } from "../shared/validation";
import { withLegacyTypeAlias } from "../shared/type-token";

const kind = "AlertingStack";

/** Every public property of the component: the one list it assigns and registers. */
type AlertingOutputs = Omit<AlertingStack, keyof pulumi.ComponentResource>;

/**
 * The pipeline's alerting: a KMS-encrypted SNS topic with e-mail subscriptions, every alarm
 * (hosts, Lambdas, table, workflow, heartbeat, failure queues, application errors,
 * quarantine), a composite pipeline-health alarm, and the dashboard.
 */
export class AlertingStack extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring-pipeline:index:AlertingStack";

  /** The alert topic the stack created; undefined for topic.existing. */
  declare readonly topic?: aws.sns.Topic;
  /** The topic's key the stack created; undefined when one was given or the topic is existing. */
  declare readonly topicKey?: aws.kms.Key;
  /** Every metric alarm, fast alerts included, in alarmNames' order. */
  declare readonly alarms: aws.cloudwatch.MetricAlarm[];
  /** The composite pipeline-health alarm. */
  declare readonly pipelineHealthAlarm: aws.cloudwatch.CompositeAlarm;
  /** The CloudWatch dashboard. */
  declare readonly dashboard: aws.cloudwatch.Dashboard;

  /** The alert topic's ARN. */
  declare readonly topicArn: pulumi.Output<string>;
  /** The topic's key: publishers' roles need kms:GenerateDataKey* and kms:Decrypt on it. */
  declare readonly topicKmsKeyArn: pulumi.Output<string | undefined>;
  /** Every alarm, the composite pipeline-health alarm last. */
  declare readonly alarmNames: pulumi.Output<string[]>;
  /** The ARNs of alarmNames, in the same order. */
  declare readonly alarmArns: pulumi.Output<string[]>;
  /** The composite pipeline-health alarm. */
  declare readonly pipelineHealthAlarmName: pulumi.Output<string>;
  /** The composite pipeline-health alarm's ARN. */
  declare readonly pipelineHealthAlarmArn: pulumi.Output<string>;
  /** The CloudWatch dashboard. */
  declare readonly dashboardName: pulumi.Output<string>;
  /** The dashboard's console URL. */
  declare readonly dashboardUrl: pulumi.Output<string>;
  /**
   * The SSM parameter holding the CloudWatch agent configuration the stack reads; load it with
   * `amazon-cloudwatch-agent-ctl -a fetch-config -c ssm:<name>`. Undefined when not created.
   */
  declare readonly agentConfigParameterName?: pulumi.Output<string>;

  constructor(name: string, args: AlertingStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AlertingStack.TYPE, name, {}, withLegacyTypeAlias(AlertingStack.TYPE, opts));
    // A facade that built these args validated them with its other parts'.
    if (!isValidated(args)) {
      throwIfInvalid(this, kind, name, validateAlertingStackArgs(name, args));
      warnFractionThresholds(this, kind, args.thresholds);
    }
    const r = resolveAlertingStack(name, args);
    this.warnOnWeakenedDefaults(args, r.actionsEnabled);
    const outputs = this.createChildren(r, args);
    Object.assign(this, outputs);
    this.registerOutputs(outputs);
  }

  /** The topic and its key, the subscriptions, every alarm and the dashboard. */
  private createChildren(r: ResolvedAlertingStack, args: AlertingStackArgs): AlertingOutputs {
    const context = accountScope(this);
    const site = checkSite(args, kind, r.names.prefix);
    const key = topicKey(this, site, r, args, context);
    const topic = alertTopic(this, r, args, key.resource, context);
    createEmailSubscriptions(r.names, site, this, topic.resource.arn, args.alertEmails ?? []);
    const actions = {
      actionsEnabled: r.actionsEnabled,
      alarmActions: [topic.resource.arn],
      okActions: [topic.resource.arn],
    };
    // Notifications are refused until the topic policy lets CloudWatch publish.
    const policy = topic.created?.policy;
    const afterPolicy = { parent: this, dependsOn: policy ? [policy] : [] };
    const alarms = alarmSpecs(r, args).map((spec) => ({
      spec,
      alarm: createMetricAlarm(r, spec, actions, afterPolicy),
    }));
    const fastAlarms = this.createFastAlarms(r, args, site, actions, afterPolicy);
    const agentConfig = r.agentConfigParameter
      ? createAgentConfigParameter(
          r.names,
          r.fastAlerts ? { tag: args.fastAlertTag } : {},
          r.tags,
          { parent: this },
        )
      : undefined;
    // Alarms the compaction's component keeps (failed, timed out) join by name.
    const joinedNames = pulumi.output(args.compaction?.alarmNames ?? []);
    const own = alarms.filter((a) => a.spec.pipeline).map((a) => a.alarm.name);
    const health = createHealthAlarm(r, own, joinedNames, actions, afterPolicy);
    const metricAlarms = [...alarms.map((a) => a.alarm), ...fastAlarms];
    const alarmArns = pulumi.all([...metricAlarms.map((a) => a.arn), health.arn]);
    const joinedArns = pulumi
      .all([context, joinedNames])
      .apply(([ctx, names]) =>
        names.map(
          (n) => `arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${n}`,
        ),
      );
    const dashboard = createDashboard(this, r, args, context, {
      own: alarmArns,
      joined: joinedArns,
    });
    return {
      topic: topic.created?.topic,
      topicKey: key.created,
      alarms: metricAlarms,
      pipelineHealthAlarm: health,
      dashboard,
      topicArn: topic.resource.arn,
      topicKmsKeyArn: key.resource,
      alarmNames: pulumi.all([...metricAlarms.map((a) => a.name), health.alarmName]),
      alarmArns,
      pipelineHealthAlarmName: health.alarmName,
      pipelineHealthAlarmArn: health.arn,
      dashboardName: dashboard.dashboardName,
      dashboardUrl: pulumi.interpolate`https://${context.region}.console.aws.amazon.com/cloudwatch/home?region=${context.region}#dashboards:name=${dashboard.dashboardName}`,
      agentConfigParameterName: agentConfig?.name,
    };
  }

  /** The fast alerts' query alarms, when turned on. */
  private createFastAlarms(
    r: ResolvedAlertingStack,
    args: AlertingStackArgs,
    site: CheckSite,
    actions: AlarmActions,
    opts: pulumi.CustomResourceOptions,
  ): aws.cloudwatch.MetricAlarm[] {
    if (!r.fastAlerts) return [];
    const target = { tag: args.fastAlertTag, instanceIds: args.fastAlertInstanceIds };
    const periodSeconds = r.sourcePeriodSeconds;
    return fastAlertSpecs(site, target, {
      thresholds: r.thresholds,
      periodSeconds,
      runbook: runbookLink,
    }).map((spec) =>
      createFastAlarm(r.names, spec, { ...actions, periodSeconds, tags: r.tags }, opts),
    );
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
