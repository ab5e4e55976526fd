import * as pulumi from "@pulumi/pulumi";
import { type CheckSite, checkedInput, isKnownNow } from "./input-check";

/** Tags as @pulumi/aws takes them: the map, or any value in it, may be an Output. */
export type TagsInput = pulumi.Input<{ [key: string]: pulumi.Input<string> }>;

/** Tags as the children take them: a plain map once checked, or an Output checked when it resolves. */
export type ResolvedTags = pulumi.Input<Record<string, string>>;

/** AWS's limits on a resource's tags (the Tagging API's, the same for every service here). */
export const TAG_LIMITS = Object.freeze({ tags: 50, keyChars: 128, valueChars: 256 });

/**
 * Why a map of tags cannot go on an AWS resource: more than 50 tags, a key empty, over 128
 * characters or starting with the reserved `aws:`, a value over 256 characters or not text.
 * A value not known yet is left to the check when it resolves. A secret's keys and values are
 * left out of the messages.
 */
export function tagProblems(
  label: string,
  tags: Readonly<Record<string, unknown>>,
  secret = false,
): string[] {
  const entries = Object.entries(tags);
  const problems: string[] = [];
  if (entries.length > TAG_LIMITS.tags) {
    problems.push(
      `${label} has ${entries.length} tags; AWS allows at most ${TAG_LIMITS.tags} on a resource`,
    );
  }
  entries.forEach(([key, value], i) => {
    const shown = secret ? `[${i}] (secret)` : JSON.stringify(key);
    if (key.length === 0) problems.push(`${label}: a tag key must not be empty`);
    if (key.length > TAG_LIMITS.keyChars) {
      problems.push(
        `${label}: key ${shown} has ${key.length} characters; AWS allows at most ${TAG_LIMITS.keyChars}`,
      );
    }
    if (key.toLowerCase().startsWith("aws:")) {
      problems.push(
        `${label}: key ${shown} starts with "aws:", which AWS reserves for its own tags`,
      );
    }
    if (!isKnownNow(value)) return;
    if (typeof value !== "string") {
      problems.push(
        `${label}: the value of ${shown} must be text (got ${secret ? "a secret value" : JSON.stringify(value)})`,
      );
    } else if (value.length > TAG_LIMITS.valueChars) {
      problems.push(
        `${label}: the value of ${shown} has ${value.length} characters; AWS allows at most ${TAG_LIMITS.valueChars}`,
      );
    }
  });
  return problems;
}

/**
 * The problems of tags as far as they are known now: a plain map's count, keys and known
 * values. A map that is itself an Output is checked when it resolves.
 */
export function knownTagProblems(label: string, tags: TagsInput | undefined): string[] {
  if (tags === undefined || pulumi.Output.isInstance(tags) || tags instanceof Promise) return [];
  return tagProblems(label, tags);
}

/** The Outputs checkedTags made. */
const CHECKED = new WeakSet<object>();

/**
 * The tags the children take: a known map as it is (the validator checked it), else one
 * Output checked when it resolves, failing the deployment with the message a known map gets at
 * once. A secret value makes the map secret, so every child's tags stay secret.
 */
export function checkedTags(
  site: CheckSite,
  tags: TagsInput | undefined,
  label = "tags",
): ResolvedTags {
  if (tags === undefined) return {};
  if (isKnownNow(tags)) return tags as Record<string, string>;
  // A facade hands its parts the map it checked: it is not checked, or announced, again.
  if (CHECKED.has(tags as object)) return tags as pulumi.Output<Record<string, string>>;
  const checked = checkedInput(
    site,
    tags,
    (map, secret) => tagProblems(label, map, secret),
    `${label} are not all known in this preview: they are checked at deploy.`,
  ) as pulumi.Output<Record<string, string>>;
  CHECKED.add(checked);
  return checked;
}

/**
 * The component's tags with a caller's per-resource tags on top. Known maps merge at once (the
 * validator checked the merge); with an Output, the merged map is checked when it resolves.
 */
export function mergeTags(
  site: CheckSite,
  label: string,
  base: ResolvedTags,
  overrides: TagsInput | undefined,
): ResolvedTags {
  if (overrides === undefined) return base;
  if (isKnownNow(base) && isKnownNow(overrides)) {
    return { ...(base as Record<string, string>), ...(overrides as Record<string, string>) };
  }
  const merged = pulumi.all([base, overrides]).apply(([b, o]) => ({ ...b, ...o }));
  return checkedTags(site, merged, label);
}

/**
 * The problems of a per-resource override for a validator: the merged map's, as the check at
 * deploy finds them, when both are known; a bad `tags` is reported once, under its own name.
 */
export function mergedTagProblems(
  label: string,
  base: TagsInput | undefined,
  overrides: TagsInput | undefined,
): string[] {
  const baseKnown = base === undefined || isKnownNow(base);
  const baseBad = baseKnown && knownTagProblems("tags", base).length > 0;
  if (overrides === undefined || !baseKnown || baseBad || !isKnownNow(overrides)) {
    return knownTagProblems(label, overrides);
  }
  return tagProblems(label, { ...(base as object), ...(overrides as object) });
}
