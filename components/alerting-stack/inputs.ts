import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  type CheckSite,
  checkedInput,
  invalidArgsMessage,
  isKnownNow,
} from "../shared/input-check";
import type { ChildNames } from "../shared/naming";
import { emailListProblems, instanceIdProblems } from "../shared/target-checks";
import {
  buildFastAlertSpecs,
  type FastAlertInput,
  type FastAlertSpec,
  type FastAlertTarget,
} from "./fast-alerts";

/**
 * One e-mail subscription per address. A plain address's subscription is named by a hash of
 * it, so reordering the list re-subscribes nobody; an Output's by its position. Outputs are
 * checked with the whole list when they resolve; a secret stays secret in the endpoint.
 */
export function createEmailSubscriptions(
  names: ChildNames,
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
      names.logical("email", id),
      { topic: topicArn, protocol: "email", endpoint },
      { parent },
    );
  });
}

/** The fleet the fast alerts watch, as the caller gives it: the ids may be an Output. */
export interface FastAlertTargetInput {
  readonly tag?: FastAlertTarget["tag"];
  readonly instanceIds?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * The fast alerts' specs. A known id list is split over as many alarms per metric as keep each
 * query within 1,024 characters. Ids from an Output are checked when they resolve and each
 * query is built from them then; the number of alarms cannot wait for them, so such a list must
 * fit one alarm per metric, and a longer one fails the deployment naming the key.
 */
export function fastAlertSpecs(
  site: CheckSite,
  target: FastAlertTargetInput,
  input: Omit<FastAlertInput, "target">,
): FastAlertSpec[] {
  const ids = target.instanceIds;
  if (ids === undefined || isKnownNow(ids)) {
    return buildFastAlertSpecs({
      ...input,
      target: { tag: target.tag, instanceIds: ids as string[] | undefined },
    });
  }
  const checked = checkedInput(
    site,
    ids,
    (list) => instanceIdProblems("fastAlertInstanceIds", list),
    "fastAlertInstanceIds are not known in this preview: they are checked at deploy.",
  );
  // One placeholder id gives one alarm per metric, whatever the list resolves to.
  const oneEach = buildFastAlertSpecs({ ...input, target: { instanceIds: ["i-0"] } });
  return oneEach.map((spec) => ({
    ...spec,
    query: checked.apply((list) => {
      const specs = buildFastAlertSpecs({ ...input, target: { instanceIds: list } });
      const extra = specs.filter((s) => s.key.startsWith(`${spec.key}-`)).length;
      if (extra > 0) {
        throw new Error(
          invalidArgsMessage(site, [
            `fastAlertInstanceIds: an Output that resolved to ${list.length} ids needs ` +
              `${extra + 1} alarms for ${spec.key}; the number of alarms is fixed before ` +
              "Outputs resolve, so pass a plain list or watch the fleet by tag",
          ]),
        );
      }
      return specs.find((s) => s.key === spec.key)?.query as string;
    }),
  }));
}
