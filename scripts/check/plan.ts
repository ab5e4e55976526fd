/**
 * The readable plan: resources grouped by the component that owns them, each with the
 * settings a reviewer looks for.
 */
import type { ResourceInput } from "../../policies/harness";
import type { Props } from "../../policies/rules/helpers";
import { TYPES } from "../../policies/rules/types";
import type { RecordedResource } from "../../test/helpers/pulumi-mocks";

const on = (v: unknown) => (v ? "on" : "off");
const days = (v: unknown) => (v === undefined ? "-" : `${String(v)}d`);

/** Key settings by type token, one short line each. */
const SETTINGS: Readonly<Record<string, (p: Props) => string>> = {
  [TYPES.bucket]: (p) => `forceDestroy=${on(p.forceDestroy)}`,
  [TYPES.versioning]: (p) => `versioning=${p.versioningConfiguration?.status}`,
  [TYPES.publicAccessBlock]: (p) =>
    `block acls/policy/ignore/restrict=${[p.blockPublicAcls, p.blockPublicPolicy, p.ignorePublicAcls, p.restrictPublicBuckets].map(on).join("/")}`,
  [TYPES.encryption]: (p) =>
    `sse=${(p.rules as Props[] | undefined)?.map((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm).join(",")}`,
  [TYPES.lifecycle]: (p) =>
    ((p.rules as Props[] | undefined) ?? [])
      .map(
        (r) =>
          `${r.id}: ${((r.transitions as Props[] | undefined) ?? []).map((t) => `${t.storageClass}@${days(t.days)} `).join("")}expire@${days(r.expiration?.days)}`,
      )
      .join("; "),
  [TYPES.bucketPolicy]: (p) => {
    const sids = (JSON.parse(String(p.policy ?? "{}")).Statement ?? []) as Props[];
    return `statements=${sids.map((s) => s.Sid ?? "?").join(",")}`;
  },
  [TYPES.bucketLogging]: (p) => `target=${p.targetBucket}/${p.targetPrefix ?? ""}`,
  [TYPES.table]: (p) =>
    `billing=${p.billingMode} pitr=${on(p.pointInTimeRecovery?.enabled)} sse=${on(p.serverSideEncryption?.enabled)} ttl=${p.ttl?.attributeName} deletionProtection=${on(p.deletionProtectionEnabled)}`,
  [TYPES.function]: (p) =>
    `runtime=${p.runtime} memory=${p.memorySize ?? 128}MB timeout=${p.timeout ?? 3}s tracing=${p.tracingConfig?.mode ?? "-"}`,
  [TYPES.logGroup]: (p) => `${p.name ?? ""} retention=${days(p.retentionInDays)}`,
  [TYPES.metricAlarm]: (p) =>
    `${p.namespace ?? "math"}/${p.metricName ?? "expression"} ${p.comparisonOperator ?? ""} ${p.threshold ?? ""}`.trim(),
  [TYPES.stateMachine]: (p) =>
    `type=${p.type ?? "STANDARD"} logging=${p.loggingConfiguration?.level ?? "OFF"} tracing=${on(p.tracingConfiguration?.enabled)}`,
  [TYPES.schedule]: (p) => `${p.scheduleExpression}`,
  [TYPES.topic]: (p) => `kms=${p.kmsMasterKeyId ?? "-"}`,
  [TYPES.queue]: (p) => `sse=${p.sqsManagedSseEnabled ? "sqs" : (p.kmsMasterKeyId ?? "-")}`,
  [TYPES.kmsKey]: (p) =>
    `rotation=${on(p.enableKeyRotation)} deletionWindow=${days(p.deletionWindowInDays)}`,
  [TYPES.permission]: (p) => `principal=${p.principal}`,
  [TYPES.invokeConfig]: (p) =>
    `retries=${p.maximumRetryAttempts ?? "-"} onFailure=${p.destinationConfig?.onFailure?.destination ?? "-"}`,
  [TYPES.workgroup]: (p) =>
    `enforced=${on(p.configuration?.enforceWorkgroupConfiguration)} results=${p.configuration?.resultConfiguration?.encryptionConfiguration?.encryptionOption ?? "-"}`,
};

/** "aws:s3/bucketPolicy:BucketPolicy" -> "s3.BucketPolicy". */
export function shortType(type: string): string {
  const [pkg = "", module = "", name = ""] = type.split(":");
  return pkg === "aws" ? `${module.split("/")[0]}.${name}` : type;
}

function settingsOf(r: ResourceInput): string {
  try {
    return SETTINGS[r.type]?.(r.props) ?? "";
  } catch {
    return "";
  }
}

/** The owning component type of a URN: the last component in its type chain. */
function ownerType(urn: string | undefined): string {
  const chain = (urn?.split("::").slice(-2)[0] ?? "").split("$").slice(0, -1);
  return chain.filter((t) => !t.startsWith("pulumi:pulumi:Stack")).pop() ?? "(stack)";
}

export function formatPlan(
  recorded: readonly RecordedResource[],
  inputs: readonly ResourceInput[],
): string[] {
  const components = recorded.filter((r) => !r.custom && !r.type.startsWith("pulumi:"));
  const groups = new Map<string, ResourceInput[]>();
  for (const r of inputs) {
    const owner = ownerType(r.urn);
    groups.set(owner, [...(groups.get(owner) ?? []), r]);
  }
  const lines: string[] = [];
  for (const [owner, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const names = components.filter((c) => c.type === owner).map((c) => c.name);
    lines.push(`${owner.split(":").pop()} ${names.join(", ")} (${members.length} resources)`);
    const width = Math.max(...members.map((m) => `${shortType(m.type)} ${m.name}`.length));
    for (const m of members) {
      const head = `${shortType(m.type)} ${m.name}`.padEnd(width);
      lines.push(`  ${head}  ${settingsOf(m)}`.trimEnd());
    }
  }
  return lines;
}
