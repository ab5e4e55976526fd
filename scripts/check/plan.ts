/**
 * The readable plan: resources grouped by the component that owns them, each with the
 * settings a reviewer looks for.
 */
import type { RecordedResource } from "../../test/helpers/pulumi-mocks";
import type { ResourceInput } from "../../policies/harness";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Props = Record<string, any>;

const on = (v: unknown) => (v ? "on" : "off");
const days = (v: unknown) => (v === undefined ? "-" : `${String(v)}d`);

/** Key settings by type token, one short line each. */
const SETTINGS: Readonly<Record<string, (p: Props) => string>> = {
  "aws:s3/bucket:Bucket": (p) => `forceDestroy=${on(p.forceDestroy)}`,
  "aws:s3/bucketVersioning:BucketVersioning": (p) =>
    `versioning=${p.versioningConfiguration?.status}`,
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": (p) =>
    `block acls/policy/ignore/restrict=${[p.blockPublicAcls, p.blockPublicPolicy, p.ignorePublicAcls, p.restrictPublicBuckets].map(on).join("/")}`,
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (p) =>
    `sse=${(p.rules as Props[] | undefined)?.map((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm).join(",")}`,
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": (p) =>
    ((p.rules as Props[] | undefined) ?? [])
      .map(
        (r) =>
          `${r.id}: ${((r.transitions as Props[] | undefined) ?? []).map((t) => `${t.storageClass}@${days(t.days)} `).join("")}expire@${days(r.expiration?.days)}`,
      )
      .join("; "),
  "aws:s3/bucketPolicy:BucketPolicy": (p) => {
    const sids = (JSON.parse(String(p.policy ?? "{}")).Statement ?? []) as Props[];
    return `statements=${sids.map((s) => s.Sid ?? "?").join(",")}`;
  },
  "aws:s3/bucketLogging:BucketLogging": (p) => `target=${p.targetBucket}/${p.targetPrefix ?? ""}`,
  "aws:dynamodb/table:Table": (p) =>
    `billing=${p.billingMode} pitr=${on(p.pointInTimeRecovery?.enabled)} sse=${on(p.serverSideEncryption?.enabled)} ttl=${p.ttl?.attributeName} deletionProtection=${on(p.deletionProtectionEnabled)}`,
  "aws:lambda/function:Function": (p) =>
    `runtime=${p.runtime} memory=${p.memorySize ?? 128}MB timeout=${p.timeout ?? 3}s tracing=${p.tracingConfig?.mode ?? "-"}`,
  "aws:cloudwatch/logGroup:LogGroup": (p) => `${p.name ?? ""} retention=${days(p.retentionInDays)}`,
  "aws:cloudwatch/metricAlarm:MetricAlarm": (p) =>
    `${p.namespace ?? "math"}/${p.metricName ?? "expression"} ${p.comparisonOperator ?? ""} ${p.threshold ?? ""}`.trim(),
  "aws:sfn/stateMachine:StateMachine": (p) =>
    `type=${p.type ?? "STANDARD"} logging=${p.loggingConfiguration?.level ?? "OFF"} tracing=${on(p.tracingConfiguration?.enabled)}`,
  "aws:scheduler/schedule:Schedule": (p) => `${p.scheduleExpression}`,
  "aws:sns/topic:Topic": (p) => `kms=${p.kmsMasterKeyId ?? "-"}`,
  "aws:sqs/queue:Queue": (p) => `sse=${p.sqsManagedSseEnabled ? "sqs" : (p.kmsMasterKeyId ?? "-")}`,
  "aws:kms/key:Key": (p) =>
    `rotation=${on(p.enableKeyRotation)} deletionWindow=${days(p.deletionWindowInDays)}`,
  "aws:lambda/permission:Permission": (p) => `principal=${p.principal}`,
  "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": (p) =>
    `retries=${p.maximumRetryAttempts ?? "-"} onFailure=${p.destinationConfig?.onFailure?.destination ?? "-"}`,
  "aws:athena/workgroup:Workgroup": (p) =>
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
