import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { formatBytes, scanEstimates, type ScanEstimate } from "../cost/athena-scans";
import { factsFromStack, ASSUMED_TAGGED_INSTANCES } from "../cost/from-stack";
import { known, label, ofType } from "./helpers";
import { TYPES } from "./types";

/** The rule's config: the fleet to size the queries for (`npm run check -- --instances N`). */
export interface AthenaScanConfig {
  /** @default the collector's fleet as the stack shows it, else 10 (a tag-chosen fleet) */
  readonly instances?: number;
  /** @default 60: detailed monitoring, the most data a fleet sends */
  readonly periodSeconds?: number;
}

export const DEFAULT_SCAN_PERIOD_SECONDS = 60;
const NAMED_QUERY = "aws:athena/namedQuery:NamedQuery";
/** Step Functions' Athena integration: a state machine using it runs the compaction's UNLOADs. */
const ATHENA_TASK = "arn:aws:states:::athena:startQueryExecution";

/** The workgroup's per-query cutoff; undefined when it has none (nothing is cancelled). */
const cutoffOf = (wg: PolicyResource) =>
  known(() => wg.props.configuration?.bytesScannedCutoffPerQuery as number | undefined);

/**
 * The compaction and named queries the stack runs in one workgroup. A named query or a
 * compaction whose workgroup name is unknown (preview) is counted in every workgroup.
 */
function queriesIn(resources: readonly PolicyResource[], wg: PolicyResource) {
  const name = known(() => wg.props.name as string | undefined);
  const inWorkgroup = (text: unknown) =>
    name === undefined || typeof text !== "string" || text.includes(name);
  const named = ofType(resources, NAMED_QUERY)
    .filter((q) => inWorkgroup(known(() => q.props.workgroup as unknown)))
    .flatMap((q) => {
      const sql = known(() => q.props.query as unknown);
      return typeof sql === "string" ? [{ name: String(q.props.name ?? q.name), sql }] : [];
    });
  const compaction = ofType(resources, TYPES.stateMachine).some((sm) => {
    const definition = known(() => sm.props.definition as unknown);
    return (
      typeof definition === "string" && definition.includes(ATHENA_TASK) && inWorkgroup(definition)
    );
  });
  return { named, compaction };
}

/** The fleet the rule sizes for: its config, else what the collector's settings show. */
export function scanFleet(config: AthenaScanConfig, resources: readonly PolicyResource[]) {
  return {
    instances: config.instances ?? factsFromStack(resources).instances ?? ASSUMED_TAGGED_INSTANCES,
    periodSeconds: config.periodSeconds ?? DEFAULT_SCAN_PERIOD_SECONDS,
  };
}

/** Every workgroup with a cutoff, with its queries' estimates at the fleet, largest first. */
export function workgroupScans(
  resources: readonly PolicyResource[],
  fleet: { instances: number; periodSeconds: number },
): { workgroup: PolicyResource; cutoff: number; scans: ScanEstimate[] }[] {
  return ofType(resources, TYPES.workgroup).flatMap((workgroup) => {
    const cutoff = cutoffOf(workgroup);
    if (typeof cutoff !== "number") return [];
    const { named, compaction } = queriesIn(resources, workgroup);
    return [{ workgroup, cutoff, scans: scanEstimates(named, fleet, compaction) }];
  });
}

export const athenaScanCutoff: StackValidationPolicy = {
  name: "athena-scan-cutoff",
  description:
    "The compaction's and every named query's scan at the fleet size stays under its workgroup's bytes-scanned cutoff.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      instances: { type: "integer", minimum: 1 },
      periodSeconds: { type: "integer", minimum: 1, maximum: 86400 },
    },
  },
  validateStack: (args, report) => {
    const fleet = scanFleet(args.getConfig<AthenaScanConfig>(), args.resources);
    const groups = workgroupScans(args.resources, fleet);
    if (groups.length === 0) return args.notApplicable("no workgroup with a scan cutoff");
    for (const { workgroup, cutoff, scans } of groups) {
      for (const scan of scans.filter((s) => s.bytes > cutoff)) {
        report(
          `${label(workgroup)}: the ${scan.kind} ${scan.name} scans ${formatBytes(scan.bytes)} at ${fleet.instances} instances (${fleet.periodSeconds} s data), over the cutoff of ${formatBytes(cutoff)}: Athena cancels it.`,
          workgroup.urn,
        );
      }
    }
  },
};
