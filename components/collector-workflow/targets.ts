import { type CheckSite, checkedInput, isKnownNow } from "../shared/input-check";
import type { CollectorWorkflowArgs } from "./args";
import { instanceIdsProblems } from "./validate";

/**
 * The args with instance ids from an Output checked when they resolve, in the apply that
 * feeds the collector's environment: a bad id fails the deployment with the message a plain
 * one gets at once. A new args object; the caller's is left as it is.
 */
export function withCheckedTargets(
  site: CheckSite,
  args: CollectorWorkflowArgs,
): CollectorWorkflowArgs {
  const ids = args.targets?.instanceIds;
  if (ids === undefined || isKnownNow(ids)) return args;
  const checked = checkedInput(
    site,
    ids,
    (list) => instanceIdsProblems(args, list),
    "targets.instanceIds are not known in this preview: they are checked at deploy.",
  );
  return { ...args, targets: { ...args.targets, instanceIds: checked } };
}
