import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type CheckSite, checkedInput, isKnownNow } from "../shared/input-check";
import { emailListProblems, instanceIdProblems } from "../shared/target-checks";
import { buildFastAlertSpecs, type FastAlertInput, type FastAlertSpec } from "./fast-alerts";

/**
 * One e-mail subscription per address. A plain address's subscription is named by a hash of
 * it, so reordering the list re-subscribes nobody; an Output's by its position. Outputs are
 * checked with the whole list when they resolve; a secret stays secret in the endpoint.
 */
export function createEmailSubscriptions(
  name: string,
  site: CheckSite,
  parent: pulumi.Resource,
  topicArn: pulumi.Input<string>,
  emails: readonly pulumi.Input<string>[],
): aws.sns.TopicSubscription[] {
  const allKnown = emails.every(isKnownNow);
  const checked = allKnown
    ? undefined
    : checkedInput(
        site,
        [...emails],
        (list, secret) => emailListProblems("alertEmails", list, secret),
        "alertEmails are not all known in this preview: they are checked at deploy.",
      );
  return emails.map((email, i) => {
    const plain = isKnownNow(email);
    const id = plain
      ? createHash("sha256")
          .update((email as string).toLowerCase())
          .digest("hex")
          .slice(0, 10)
      : `input-${i}`;
    const endpoint = plain
      ? (email as string)
      : (checked as pulumi.Output<string[]>).apply((list) => list[i] as string);
    return new aws.sns.TopicSubscription(
      `${name}-email-${id}`,
      { topic: topicArn, protocol: "email", endpoint },
      { parent },
    );
  });
}

/**
 * The fast alerts' specs. Instance ids from an Output are checked when they resolve, and each
 * query is built from them then: the number of alarms does not depend on them.
 */
export function fastAlertSpecs(
  site: CheckSite,
  ids: pulumi.Input<pulumi.Input<string>[]> | undefined,
  input: Omit<FastAlertInput, "instanceIds">,
): FastAlertSpec[] {
  if (ids === undefined || isKnownNow(ids)) {
    return buildFastAlertSpecs({ ...input, instanceIds: ids as string[] | undefined });
  }
  const checked = checkedInput(
    site,
    ids,
    (list) => instanceIdProblems("fastAlertInstanceIds", list),
    "fastAlertInstanceIds are not known in this preview: they are checked at deploy.",
  );
  return buildFastAlertSpecs(input).map((spec) => ({
    ...spec,
    query: checked.apply(
      (list) =>
        buildFastAlertSpecs({ ...input, instanceIds: list }).find((s) => s.key === spec.key)
          ?.query as string,
    ),
  }));
}
