import { createHash } from "node:crypto";

/**
 * AWS's length limits of the physical names the components set or let Pulumi generate
 * (each service's quotas page). A name over its limit is refused at deploy.
 */
export const NAME_LIMITS = Object.freeze({
  s3Bucket: 63,
  lambdaFunction: 64,
  iamRole: 64,
  iamPolicy: 128,
  dynamodbTable: 255,
  sqsQueue: 80,
  snsTopic: 256,
  stateMachine: 80,
  alarm: 255,
  dashboard: 255,
  logGroup: 512,
  glueDatabase: 255,
  glueTable: 255,
  athenaWorkgroup: 128,
  athenaNamedQuery: 128,
  eventRule: 64,
  schedule: 64,
  scheduleGroup: 64,
  kmsAlias: 256,
  ssmParameter: 1011,
});

export type NameKind = keyof typeof NAME_LIMITS;

/** Pulumi's auto-naming appends "-" and seven random hex characters to the logical name. */
export const AUTONAME_SUFFIX_LENGTH = 8;
/** Characters of the hash that ends a shortened name. */
export const NAME_HASH_LENGTH = 8;

/** A stable hash of the whole name: two names that differ anywhere get different ones. */
export function nameHash(name: string): string {
  return createHash("sha256").update(name).digest("hex").slice(0, NAME_HASH_LENGTH);
}

/**
 * `name` within `limit` characters: itself when it fits (so a deployed name never changes),
 * else its start and a hash of the whole name, so two long names sharing a start stay apart.
 */
export function fitName(name: string, limit: number): string {
  if (name.length <= limit) return name;
  const head = name.slice(0, limit - NAME_HASH_LENGTH - 1).replace(/-+$/, "");
  return `${head}-${nameHash(name)}`;
}

/** A grandchild's logical name: its parent child's name and its part (`<lake>-policy`). */
export function childName(base: string, part: string): string {
  return `${base}-${part}`;
}

/** S3 takes lower-case bucket names only. */
const physicalForm = (kind: NameKind, name: string) =>
  kind === "s3Bucket" ? name.toLowerCase() : name;

/**
 * The one naming scheme of a component's children (after cdk-monitoring-constructs'
 * AlarmNamingStrategy): logical names are `<prefix>-<part>`, never shortened (URNs have no
 * AWS limit, and a changed URN replaces the resource); physical names are fitted to AWS's
 * limit of their kind, shortened with a hash only when they would not fit.
 */
export class ChildNames {
  constructor(readonly prefix: string) {}

  /** A child's logical name: `<prefix>-<part>-<part>...`. */
  logical(...parts: string[]): string {
    return [this.prefix, ...parts].join("-");
  }

  /** A physical name the component sets: the logical name (or the prefix) fitted to the kind. */
  physical(kind: NameKind, ...parts: string[]): string {
    return fitName(physicalForm(kind, this.logical(...parts)), NAME_LIMITS[kind]);
  }

  /** A physical name with a fixed start (an ARN path, `alias/`): the whole fitted to the kind. */
  prefixed(kind: NameKind, start: string, ...parts: string[]): string {
    return fitName(`${start}${this.logical(...parts)}`, NAME_LIMITS[kind]);
  }

  /** See autoNamed below. */
  autoNamed(kind: NameKind, logical: string, key = "name"): Record<string, string> {
    return autoNamed(kind, logical, key);
  }
}

/**
 * For a child Pulumi names after its logical name plus a random suffix: nothing when that
 * fits (the name users have stays theirs), else an explicit name within the kind's limit
 * under `key` (the resource's name argument), since the provider cannot shorten it.
 */
export function autoNamed(kind: NameKind, logical: string, key = "name"): Record<string, string> {
  if (logical.length + AUTONAME_SUFFIX_LENGTH <= NAME_LIMITS[kind]) return {};
  return { [key]: fitName(physicalForm(kind, logical), NAME_LIMITS[kind]) };
}

/** The log group Lambda writes a function's logs to. */
export function lambdaLogGroupName(functionName: string): string {
  return fitName(`/aws/lambda/${functionName}`, NAME_LIMITS.logGroup);
}

/** A state machine's log group: the vendedlogs prefix keeps CloudWatch Logs' resource policy small. */
export function stateMachineLogGroupName(stateMachineName: string): string {
  return fitName(`/aws/vendedlogs/states/${stateMachineName}`, NAME_LIMITS.logGroup);
}
