import { isKnownNow } from "../shared/input-check";
import { knownTagProblems } from "../shared/tags";
import { validateAlertingStackArgs } from "../alerting-stack/validate";
import { validateAnalyticsCatalogArgs } from "../analytics-catalog/validate";
import { validateCollectorWorkflowArgs } from "../collector-workflow/validate";
import type { ExistingKeys } from "../metric-store/existing";
import { validateMetricStoreArgs } from "../metric-store/validate";
import { namePrefixProblem } from "../shared/name-prefixes";
import type { MonitoringPipelineArgs } from "./args";
import { partArgs, PLACEHOLDER_LINKS, type Parts } from "./parts";

/** The facade's own keys for the existing resources it hands MetricStore. */
export const PIPELINE_KEYS: ExistingKeys = Object.freeze({
  bucket: "existing.lakeBucket",
  bucketName: "existing.lakeBucketName",
  table: "existing.hotTable",
});

/** The component a pipeline's messages name. */
export const pipelineOwner = (name: string) => `MonitoringPipeline ${name}`;

/** Every problem of every part's args, each under the part's name, and the facade's own. */
export function partsProblems(
  name: string,
  prefix: string,
  parts: Parts,
  existing: MonitoringPipelineArgs["existing"],
  args?: Pick<MonitoringPipelineArgs, "fastAlerts" | "targets" | "tags">,
): string[] {
  // The fast alerts' queries and the agent's dimensions are fixed when the alarms are built.
  const outputTag =
    args?.fastAlerts === true && args.targets?.tag !== undefined && !isKnownNow(args.targets.tag)
      ? [
          "alerting: fastAlerts with targets.tag from an Output: the fast alerts' queries need a plain tag key and value; pass them as strings or set fastAlerts to false",
        ]
      : [];
  // Every part takes the one `tags`: its problems are the facade's, listed once.
  const ownTags = (p: string) => p.startsWith("tags ") || p.startsWith("tags:");
  const tagged = (part: string, problems: string[]) =>
    problems.filter((p) => !ownTags(p)).map((p) => `${part}: ${p}`);
  const taken = namePrefixProblem(prefix, pipelineOwner(name));
  const twoKeys = existing?.kmsKey && existing.kmsKeyArn !== undefined;
  return [
    ...outputTag,
    ...(taken ? [taken] : []),
    ...(twoKeys ? ["give either existing.kmsKey or existing.kmsKeyArn, not both"] : []),
    ...knownTagProblems("tags", args?.tags),
    ...tagged("store", validateMetricStoreArgs(prefix, parts.store, PIPELINE_KEYS)),
    ...tagged("workflow", validateCollectorWorkflowArgs(prefix, parts.workflow)),
    ...tagged("alerting", validateAlertingStackArgs(prefix, parts.alerting)),
    ...tagged("analytics", validateAnalyticsCatalogArgs(prefix, parts.analytics)),
  ];
}

/** Every problem of every part, each under the part's name, before any resource exists. */
export function validateMonitoringPipelineArgs(
  name: string,
  args: MonitoringPipelineArgs,
): string[] {
  const parts = partArgs(args, PLACEHOLDER_LINKS);
  return partsProblems(name, args.namePrefix ?? name, parts, args.existing, args);
}
