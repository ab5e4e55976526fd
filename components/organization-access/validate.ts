import { problemsIfKnown } from "../shared/input-check";
import type { OrganizationAccessArgs } from "./args";

/** AWS Organizations' id formats (the Organizations API reference's patterns). */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** A region name: eu-west-1, us-gov-west-1, ap-southeast-2. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** The component's name prefixes the StackSet's: a letter, then letters, digits or dashes. */
const COMPONENT_NAME = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
const CALL_AS = ["SELF", "DELEGATED_ADMIN"];

/** Whether an id names the organization's root rather than an OU. */
export const isRootId = (id: string): boolean => ROOT_ID.test(id);

/** The values listed more than once, each once. */
function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

function regionProblems(regions: readonly string[] | undefined): string[] {
  if (!Array.isArray(regions) || regions.length === 0) {
    return ["regions must list at least one region (one sink each)"];
  }
  const problems = regions
    .filter((r) => !REGION.test(r))
    .map((r) => `regions: "${r}" is not a region name (e.g. eu-west-1)`);
  for (const d of duplicates(regions)) problems.push(`regions lists "${d}" more than once`);
  return problems;
}

function targetProblems(ids: readonly string[] | undefined): string[] {
  if (!Array.isArray(ids) || ids.length === 0) {
    return [
      "organizationalUnitIds must list the root (r-xxxx) or at least one OU (ou-xxxx-xxxxxxxx)",
    ];
  }
  const problems = ids
    .filter((id) => !ROOT_ID.test(id) && !OU_ID.test(id))
    .map(
      (id) =>
        `organizationalUnitIds: "${id}" is neither a root id (r-xxxx) nor an OU id (ou-xxxx-xxxxxxxx)`,
    );
  for (const d of duplicates(ids))
    problems.push(`organizationalUnitIds lists "${d}" more than once`);
  const root = ids.find(isRootId);
  if (root !== undefined && ids.some((id) => OU_ID.test(id))) {
    problems.push(`organizationalUnitIds lists the root ${root} with OUs: the root covers them`);
  }
  return problems;
}

/** Why a collector role ARN is not an IAM role's in a 12-digit account; none when it is. */
export function collectorRoleArnProblems(arn: string, secret = false): string[] {
  if (ROLE_ARN.test(arn)) return [];
  return [
    `collectorRoleArn must be an IAM role ARN in a 12-digit account (got ${secret ? "a secret" : arn})`,
  ];
}

/** Every problem with the args, so one run reports them all. */
export function validateOrganizationAccessArgs(
  name: string,
  args: OrganizationAccessArgs,
): string[] {
  const problems: string[] = [];
  if (!COMPONENT_NAME.test(name)) {
    problems.push(
      `name "${name}" must be a letter then up to 63 letters, digits or dashes (it prefixes the StackSet's name)`,
    );
  }
  if (typeof args.organizationId !== "string" || !ORGANIZATION_ID.test(args.organizationId)) {
    problems.push(
      `organizationId must be o- and 10 to 32 lower-case letters or digits (got ${String(args.organizationId)})`,
    );
  }
  problems.push(...regionProblems(args.regions), ...targetProblems(args.organizationalUnitIds));
  if (args.collectorRoleArn === undefined) {
    problems.push("collectorRoleArn is required: the one principal each member role trusts");
  }
  problems.push(...problemsIfKnown(args.collectorRoleArn, collectorRoleArnProblems));
  if (args.memberRoleName !== undefined && !ROLE_NAME.test(args.memberRoleName)) {
    problems.push(
      `memberRoleName must be 1 to 64 letters, digits or +=,.@_- (got ${args.memberRoleName})`,
    );
  }
  if (args.callAs !== undefined && !CALL_AS.includes(args.callAs)) {
    problems.push(`callAs must be SELF or DELEGATED_ADMIN (got ${args.callAs})`);
  }
  return problems;
}
