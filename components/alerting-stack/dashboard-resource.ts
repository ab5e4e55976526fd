import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../shared/account-scope";
import type { AlertingStackArgs } from "./args";
import { buildDashboardBody } from "./dashboard";
import { ALERTING_STACK_DEFAULTS as D } from "../../contract/defaults/alerting-stack";
import type { ResolvedAlertingStack } from "./resolve";
import { runPeriodSeconds } from "./timing";

/** The alarms the dashboard's status widget lists: the stack's own and the joined ones. */
export interface DashboardAlarms {
  readonly own: pulumi.Output<string[]>;
  readonly joined: pulumi.Output<string[]>;
}

/** The CloudWatch dashboard, named after the prefix, over the names the other parts hand in. */
export function createDashboard(
  parent: pulumi.Resource,
  r: ResolvedAlertingStack,
  args: AlertingStackArgs,
  context: pulumi.Output<AccountScope>,
  alarms: DashboardAlarms,
): aws.cloudwatch.Dashboard {
  const compaction = args.compaction;
  const sources = pulumi.all([
    args.collectorFunctionName,
    args.processorFunctionName,
    args.stateMachineArn,
    args.stateMachineName,
    args.tableName,
    args.schedulerDlqName,
    args.processorFailureQueueName,
  ]);
  const body = pulumi
    .all([
      context,
      sources,
      pulumi.all([compaction?.stateMachineArn, compaction?.deadLetterQueueName]),
      alarms.own,
      alarms.joined,
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
            runPeriodSeconds: runPeriodSeconds(r.intervalSeconds),
            queuePeriodSeconds: D.queueDepthPeriodSeconds,
            hostSeries: r.metricSource === "cloudwatch" ? "cloudwatch" : "pipeline",
            sourcePeriodSeconds: r.sourcePeriodSeconds,
            collectorFunctionName: collector,
            processorFunctionName: processor,
            stateMachineArn: smArn,
            stateMachineName: smName,
            tableName: table,
            tableIndexName: r.tableIndexName,
            schedulerDlqName: dlq,
            processorFailureQueueName: failures,
            compaction:
              compactionArn !== undefined && compactionDlq !== undefined
                ? { stateMachineArn: compactionArn, deadLetterQueueName: compactionDlq }
                : undefined,
            alarmArns: [...arns, ...joined],
          }),
        ),
    );
  return new aws.cloudwatch.Dashboard(
    r.names.logical("dashboard"),
    { dashboardName: r.names.physical("dashboard"), dashboardBody: body },
    { parent },
  );
}
