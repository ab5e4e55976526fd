import type { CheckSite } from "../shared/input-check";
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
  return {
    prefix: args.namePrefix ?? name,
    site: { kind: "MonitoringPipeline", name },
    parts: partArgs(args, links),
    resolve,
  };
}
