/** Plain JSON builders, called with resolved values so they stay pure and testable. */
import type { AccountScope } from "../shared/account-scope";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal: "*" | { readonly AWS: string | string[] } | { readonly Service: string };
  readonly Action: string | string[];
  readonly Resource: string;
  readonly Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

/**
 * Every action a topic policy may name (SNS rejects "sns:*" variants it does not list), so the
 * TLS deny covers subscribing, reading and changing the topic as well as publishing.
 */
export const TOPIC_POLICY_ACTIONS: readonly string[] = Object.freeze([
  "sns:AddPermission",
  "sns:DeleteTopic",
  "sns:GetDataProtectionPolicy",
  "sns:GetTopicAttributes",
  "sns:ListSubscriptionsByTopic",
  "sns:ListTagsForResource",
  "sns:Publish",
  "sns:PutDataProtectionPolicy",
  "sns:RemovePermission",
  "sns:SetTopicAttributes",
  "sns:Subscribe",
]);

/**
 * The created topic key's policy: the account keeps full control (so IAM policies can grant
 * the publishers' roles), and CloudWatch alarms of this account may encrypt to the topic,
 * which the AWS-managed SNS key never allows.
 */
export function topicKeyPolicy(ctx: AccountScope): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EnableAccountAdministration",
        Effect: "Allow",
        Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "AllowCloudWatchAlarmsToPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": ctx.accountId },
          ArnLike: { "aws:SourceArn": alarmArnPattern(ctx) },
        },
      },
    ],
  };
}

/**
 * The topic's policy: this account's alarms and the given roles may publish; nothing may
 * publish without TLS.
 */
export function topicPolicy(
  ctx: AccountScope,
  topicArn: string,
  publisherRoleArns: readonly string[],
): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "AllowCloudWatchAlarmsToPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: {
        ArnLike: { "aws:SourceArn": alarmArnPattern(ctx) },
        StringEquals: { "aws:SourceAccount": ctx.accountId },
      },
    },
  ];
  // A statement with no principal is invalid; without publishers there is none to add.
  if (publisherRoleArns.length > 0) {
    statements.push({
      Sid: "AllowPipelineRolesToPublish",
      Effect: "Allow",
      Principal: { AWS: [...new Set(publisherRoleArns)] },
      Action: "sns:Publish",
      Resource: topicArn,
    });
  }
  statements.push({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: [...TOPIC_POLICY_ACTIONS],
    Resource: topicArn,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  });
  return { Version: "2012-10-17", Statement: statements };
}

function alarmArnPattern(ctx: AccountScope): string {
  return `arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:*`;
}
