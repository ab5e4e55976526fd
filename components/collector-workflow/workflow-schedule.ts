import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CollectorWorkflowArgs } from "./args";
import { COLLECTOR_WORKFLOW_DEFAULTS as D } from "./defaults";
import type { AccountScope } from "../shared/account-scope";
import { schedulerPolicy, schedulerTrustPolicy } from "./iam-policies";

/** The EventBridge Scheduler schedule that starts the state machine, and its role. */
export function createWorkflowSchedule(
  parent: pulumi.Resource,
  name: string,
  args: CollectorWorkflowArgs,
  stateMachineArn: pulumi.Output<string>,
  dlqArn: pulumi.Output<string>,
  scope: pulumi.Output<AccountScope>,
  queueKey: pulumi.Output<string | undefined>,
) {
  const child = { parent };
  // The component's own group: the role trusts it alone, not every schedule of the account.
  const group = new aws.scheduler.ScheduleGroup(
    `${name}-schedules`,
    { tags: args.tags ?? {} },
    child,
  );
  const role = new aws.iam.Role(
    `${name}-scheduler-role`,
    {
      description: `Lets the ${name} schedule start the state machine`,
      assumeRolePolicy: pulumi
        .all([scope, group.arn])
        .apply(([s, groupArn]) => JSON.stringify(schedulerTrustPolicy(s, groupArn))),
      tags: args.tags ?? {},
    },
    child,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-scheduler-policy`,
    {
      role: role.id,
      policy: pulumi.all([stateMachineArn, dlqArn, queueKey]).apply(([sm, dlq, key]) =>
        JSON.stringify(
          schedulerPolicy({
            stateMachineArn: sm,
            deadLetterQueueArn: dlq,
            queueKmsKeyArn: key,
          }),
        ),
      ),
    },
    child,
  );
  const retry = { ...D.scheduleRetry, ...args.scheduleRetry };
  const schedule = new aws.scheduler.Schedule(
    `${name}-schedule`,
    {
      description: `Starts the ${name} metrics collection`,
      groupName: group.name,
      scheduleExpression: args.schedule ?? D.schedule,
      scheduleExpressionTimezone: args.scheduleTimezone ?? D.scheduleTimezone,
      flexibleTimeWindow: { mode: "OFF" },
      state: "ENABLED",
      target: {
        arn: stateMachineArn,
        roleArn: role.arn,
        // The run's window derives from the time it was due, not from when it started.
        input: JSON.stringify({ scheduled_time: "<aws.scheduler.scheduled-time>" }),
        retryPolicy: {
          maximumRetryAttempts: retry.maximumRetryAttempts,
          maximumEventAgeInSeconds: retry.maximumEventAgeInSeconds,
        },
        deadLetterConfig: { arn: dlqArn },
      },
    },
    { ...child, dependsOn: [rolePolicy] },
  );
  return { schedule, role, group };
}
