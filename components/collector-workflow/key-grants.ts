/**
 * What the key policy of a customer-managed KMS key passed to the workflow must allow. A key
 * policy cannot be read before deploying (the deploying identity may lack kms:GetKeyPolicy,
 * and a key created in the same stack does not exist at preview), so the component prints the
 * exact statements instead, and other programs that create the key can add them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../shared/account-scope";
import type { CollectorWorkflowArgs } from "./args";
import { workflowNames } from "./resolve";

export interface KeyPolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Principal: { readonly Service: string };
  readonly Action: readonly string[];
  readonly Resource: "*";
  readonly Condition: Readonly<Record<string, Readonly<Record<string, string | string[]>>>>;
}

/** The workflow's three log groups: both functions' and the state machine's. */
export function workflowLogGroupNames(name: string): string[] {
  return [...workflowNames(name).logGroups];
}

/**
 * CloudWatch Logs' regional service principal may use the key for these log groups only
 * (AWS: "Encrypt log data in CloudWatch Logs using AWS KMS"); without it, creating an
 * encrypted log group fails.
 */
export function logsKeyStatement(
  s: AccountScope,
  logGroupNames: readonly string[],
): KeyPolicyStatement {
  return {
    Sid: "AllowCloudWatchLogsForTheWorkflowLogGroups",
    Effect: "Allow",
    Principal: { Service: `logs.${s.region}.amazonaws.com` },
    Action: [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ],
    Resource: "*",
    Condition: {
      ArnEquals: {
        "kms:EncryptionContext:aws:logs:arn": logGroupNames.map(
          (g) => `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${g}`,
        ),
      },
    },
  };
}

/**
 * EventBridge sends the lake rule's undeliverable events to the processor's failure queue as
 * its own service principal, so an SQS queue encrypted with the key needs this grant; without
 * it the events are silently dropped. The rule is auto-named `<name>-lake-objects-<suffix>`.
 */
export function eventBridgeQueueKeyStatement(s: AccountScope, name: string): KeyPolicyStatement {
  return {
    Sid: "AllowEventBridgeDeadLettersOfTheLakeRule",
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: "*",
    Condition: {
      StringEquals: { "aws:SourceAccount": s.accountId },
      ArnLike: {
        "aws:SourceArn": `arn:${s.partition}:events:${s.region}:${s.accountId}:rule/${name}-lake-objects-*`,
      },
    },
  };
}

/**
 * The warnings for keys the caller passed, naming each key and the statement its policy needs.
 * The roles' own use of the keys (EventBridge Scheduler and Lambda send with the roles) is
 * granted in their IAM policies, which count only where the key policy lets IAM grant it.
 */
export function keyPolicyWarnings(
  name: string,
  s: AccountScope,
  keys: { readonly log?: string; readonly queue?: string },
): string[] {
  const warnings: string[] = [];
  const json = (statement: KeyPolicyStatement) => JSON.stringify(statement);
  if (keys.log !== undefined) {
    warnings.push(
      `CollectorWorkflow ${name}: logKmsKeyArn ${keys.log} must let CloudWatch Logs use it, or creating the log groups fails. The key policy cannot be checked before deploying; make sure it holds: ${json(logsKeyStatement(s, workflowLogGroupNames(name)))}`,
    );
  }
  if (keys.queue !== undefined) {
    warnings.push(
      `CollectorWorkflow ${name}: queueKmsKeyArn ${keys.queue} encrypts ${name}-processor-failures, where EventBridge sends the lake rule's undeliverable events; without this statement in the key policy they are dropped: ${json(eventBridgeQueueKeyStatement(s, name))}. The scheduler and processor roles are granted the key in IAM, which needs the key policy to let IAM policies grant it (the default "Enable IAM User Permissions" statement).`,
    );
  }
  return warnings;
}

/** Logs the key-policy warnings once the account and the keys' ARNs are known. */
export function warnAboutPassedKeys(
  component: pulumi.ComponentResource,
  name: string,
  args: CollectorWorkflowArgs,
  scope: pulumi.Output<AccountScope>,
): void {
  if (args.logKmsKeyArn === undefined && args.queueKmsKeyArn === undefined) return;
  pulumi.all([scope, args.logKmsKeyArn, args.queueKmsKeyArn]).apply(([s, log, queue]) => {
    for (const w of keyPolicyWarnings(name, s, { log, queue })) {
      void pulumi.log.warn(w, component);
    }
  });
}
