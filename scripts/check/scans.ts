/** The scan section of the check: each workgroup's largest queries at the fleet, beside its cutoff. */
import type { PolicyResource } from "@pulumi/policy";
import { formatBytes } from "../../policies/cost/athena-scans";
import type { PackConfig, ResourceInput } from "../../policies/harness";
import {
  scanFleet,
  workgroupScans,
  type AthenaScanConfig,
} from "../../policies/rules/athena-scans";

export function formatScans(outputs: readonly ResourceInput[], config: PackConfig): string[] {
  const resources = outputs as unknown as PolicyResource[];
  const fleet = scanFleet((config["athena-scan-cutoff"] ?? {}) as AthenaScanConfig, resources);
  const lines = [
    `== Athena scans at ${fleet.instances} instances, ${fleet.periodSeconds} s data ==`,
  ];
  for (const { workgroup, cutoff, scans } of workgroupScans(resources, fleet)) {
    lines.push(`workgroup ${workgroup.name}: cutoff ${formatBytes(cutoff)} (${cutoff} bytes)`);
    const largest = (kind: string) => scans.find((s) => s.kind === kind);
    for (const scan of [largest("compaction"), largest("named query")]) {
      if (!scan) continue;
      const verdict = scan.bytes > cutoff ? "OVER the cutoff" : "under the cutoff";
      lines.push(
        `  largest ${scan.kind}: ${scan.name} ${formatBytes(scan.bytes)} (${Math.round(scan.bytes)} bytes), ${verdict}`,
      );
    }
  }
  return lines;
}
