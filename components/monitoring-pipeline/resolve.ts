import type { CheckSite } from "../shared/input-check";
import { checkedTags } from "../shared/tags";
import type { MonitoringPipelineArgs } from "./args";
import { type BuiltLinks, deferredLinks, partArgs, type Parts } from "./parts";

/** The facade's args resolved once: the prefix, and the four parts' args with their links. */
export interface ResolvedMonitoringPipeline {
  /** What every child's name starts with: namePrefix, else the pipeline's name. */
  readonly prefix: string;
  readonly site: CheckSite;
  readonly parts: Parts;
  /** Hands the built parts' names and ARNs to the parts that wait for them. */
  readonly resolve: (built: BuiltLinks) => void;
}

/** Builds the parts' args once, with links that resolve as the parts are built. */
export function resolveMonitoringPipeline(
  name: string,
  args: MonitoringPipelineArgs,
): ResolvedMonitoringPipeline {
  const { links, resolve } = deferredLinks();
  const site = { kind: "MonitoringPipeline", name };
  return {
    prefix: args.namePrefix ?? name,
    site,
    // The tags are checked once, here: every part takes the checked map.
    parts: partArgs({ ...args, tags: checkedTags(site, args.tags) }, links),
    resolve,
  };
}
