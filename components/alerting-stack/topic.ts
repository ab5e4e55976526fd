import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../shared/account-scope";
import { checkedInput, type CheckSite } from "../shared/input-check";
import { ownedOrExisting, type OwnedOrExisting } from "../shared/owned-or-existing";
import type { AlertingStackArgs } from "./args";
import { topicKeyPolicy, topicPolicy } from "./policies";
import type { ResolvedAlertingStack } from "./resolve";
import { topicKeyProblems } from "./validate";

const PENDING_KEY = "kmsKeyArn is not known in this preview: it is checked at deploy.";

/** The topic the stack created, with the policy alarms' notifications wait for. */
export interface CreatedTopic {
  readonly topic: aws.sns.Topic;
  readonly policy: aws.sns.TopicPolicy;
}

/** The topic's key: the one given (checked when known), none for an existing topic, else created. */
export function topicKey(
  parent: pulumi.Resource,
  site: CheckSite,
  r: ResolvedAlertingStack,
  args: AlertingStackArgs,
  context: pulumi.Output<AccountScope>,
): OwnedOrExisting<pulumi.Output<string | undefined>, aws.kms.Key> {
  const given =
    args.kmsKeyArn === undefined
      ? undefined
      : checkedInput(site, args.kmsKeyArn, topicKeyProblems, PENDING_KEY);
  const noKey = given !== undefined || args.topic?.existing !== undefined;
  return ownedOrExisting(
    noKey ? (pulumi.output(given) as pulumi.Output<string | undefined>) : undefined,
    () => createTopicKey(parent, r, context),
    (key) => key.arn as pulumi.Output<string | undefined>,
  );
}

function createTopicKey(
  parent: pulumi.Resource,
  r: ResolvedAlertingStack,
  context: pulumi.Output<AccountScope>,
): aws.kms.Key {
  const { names } = r;
  const key = new aws.kms.Key(
    names.logical("topic-key"),
    {
      description: `Encrypts the ${names.prefix} alert topic; CloudWatch alarms may use it.`,
      enableKeyRotation: r.keyRotation,
      deletionWindowInDays: r.keyDeletionWindowDays,
      policy: context.apply((ctx) => JSON.stringify(topicKeyPolicy(ctx))),
      tags: r.tags,
    },
    { parent },
  );
  new aws.kms.Alias(
    names.logical("topic-key-alias"),
    { name: names.prefixed("kmsAlias", "alias/", "alerts"), targetKeyId: key.arn },
    { parent },
  );
  return key;
}

/** The topic given, or one encrypted with a key CloudWatch alarms may use, and its policy. */
export function alertTopic(
  parent: pulumi.Resource,
  r: ResolvedAlertingStack,
  args: AlertingStackArgs,
  keyArn: pulumi.Output<string | undefined>,
  context: pulumi.Output<AccountScope>,
): OwnedOrExisting<aws.sns.Topic, CreatedTopic> {
  return ownedOrExisting(
    args.topic?.existing,
    () => createTopic(parent, r, args, keyArn, context),
    (created) => created.topic,
  );
}

function createTopic(
  parent: pulumi.Resource,
  r: ResolvedAlertingStack,
  args: AlertingStackArgs,
  keyArn: pulumi.Output<string | undefined>,
  context: pulumi.Output<AccountScope>,
): CreatedTopic {
  const child = { parent };
  const name = r.names.logical("topic");
  const topic = new aws.sns.Topic(
    name,
    {
      ...r.names.autoNamed("snsTopic", name),
      displayName: args.topic?.displayName,
      tags: r.tags,
      // A key CloudWatch alarms may use, or their notifications are dropped.
      kmsMasterKeyId: keyArn,
    },
    child,
  );
  const policy = new aws.sns.TopicPolicy(
    r.names.logical("topic-policy"),
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
