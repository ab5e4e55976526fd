import type { ResourceValidationPolicy } from "@pulumi/policy";
import type { Props } from "./helpers";
import { REQUIRED_TAG_KEYS, TAGGABLE_TYPES } from "./types";

export const requiredTags: ResourceValidationPolicy = {
  name: "required-tags",
  description: `Every taggable resource carries the tags ${REQUIRED_TAG_KEYS.join(", ")}.`,
  enforcementLevel: "mandatory",
  configSchema: { properties: { requiredTags: { type: "array", items: { type: "string" } } } },
  validateResource: (args, report) => {
    if (!TAGGABLE_TYPES.includes(args.type)) {
      args.notApplicable("the resource type takes no tags");
    }
    const required =
      args.getConfig<{ requiredTags?: string[] }>().requiredTags ?? REQUIRED_TAG_KEYS;
    const tags = (args.props.tags as Props | undefined) ?? {};
    const missing = required.filter((key) => typeof tags[key] !== "string" || tags[key] === "");
    if (missing.length > 0) report(`Missing required tags: ${missing.join(", ")}.`);
  },
};
