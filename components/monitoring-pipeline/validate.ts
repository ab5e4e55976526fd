import { validateAlertingStackArgs } from "../alerting-stack/validate";
import { validateAnalyticsCatalogArgs } from "../analytics-catalog/validate";
import { validateCollectorWorkflowArgs } from "../collector-workflow/validate";
import { validateMetricStoreArgs } from "../metric-store/validate";
import type { MonitoringPipelineArgs } from "./args";
import { partArgs, PLACEHOLDER_LINKS } from "./parts";

/** Every problem of every part, each under the part's name, before any resource exists. */
export function validateMonitoringPipelineArgs(
  name: string,
  args: MonitoringPipelineArgs,
): string[] {
  const prefix = args.namePrefix ?? name;
  const parts = partArgs(args, PLACEHOLDER_LINKS);
  const tagged = (part: string, problems: string[]) => problems.map((p) => `${part}: ${p}`);
  return [
    ...tagged("store", validateMetricStoreArgs(prefix, parts.store)),
    ...tagged("workflow", validateCollectorWorkflowArgs(prefix, parts.workflow)),
    ...tagged("alerting", validateAlertingStackArgs(prefix, parts.alerting)),
    ...tagged("analytics", validateAnalyticsCatalogArgs(prefix, parts.analytics)),
  ];
}
