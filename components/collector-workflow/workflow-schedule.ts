import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../shared/account-scope";
import { schedulerPolicy, schedulerTrustPolicy } from "./iam-policies";
import type { ResolvedCollectorWorkflow } from "./resolve";

/** The EventBridge Scheduler schedule that starts the state machine, and its role. */
export function createWorkflowSchedule(
  parent: pulumi.Resource,
  r: ResolvedCollectorWorkflow,
  stateMachineArn: pulumi.Output<string>,
  dlqArn: pulumi.Output<string>,
  scope: pulumi.Output<AccountScope>,
) {
  const child = { parent };
  const { names, tags } = r;
  const name = names.prefix;
  const groupName = names.logical("schedules");
  const roleName = names.logical("scheduler-role");
  const scheduleName = names.logical("schedule");
  // The component's own group: the role trusts it alone, not every schedule of the account.
  const group = new aws.scheduler.ScheduleGroup(
    groupName,
    { ...names.autoNamed("scheduleGroup", groupName), tags },
    child,
  );
  const role = new aws.iam.Role(
    roleName,
    {
      ...names.autoNamed("iamRole", roleName),
      description: `Lets the ${name} schedule start the state machine`,
      assumeRolePolicy: pulumi
        .all([scope, group.arn])
        .apply(([s, groupArn]) => JSON.stringify(schedulerTrustPolicy(s, groupArn))),
      tags,
    },
    child,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    names.logical("scheduler-policy"),
    {
      role: role.id,
      policy: pulumi.all([stateMachineArn, dlqArn, r.queueKey]).apply(([sm, dlq, key]) =>
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
  const retry = r.scheduleRetry;
  const schedule = new aws.scheduler.Schedule(
    scheduleName,
    {
      ...names.autoNamed("schedule", scheduleName),
      description: `Starts the ${name} metrics collection`,
      groupName: group.name,
      scheduleExpression: r.schedule,
      scheduleExpressionTimezone: r.scheduleTimezone,
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
