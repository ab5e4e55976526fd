/**
 * The CrossGuard pack: `pulumi preview --policy-pack policies`. The rules live in ./rules;
 * this file only assembles them.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, resourcePolicies, stackPolicies } from "./rules";

new PolicyPack(PACK_NAME, {
  description: "Security, reliability and cost rules for the infra-monitoring pipeline.",
  policies: [...resourcePolicies, ...stackPolicies],
});
