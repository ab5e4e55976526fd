/**
 * The CrossGuard pack: `pulumi preview --policy-pack policies`. The rules live in ./rules;
 * this file only assembles them.
 */
import { PolicyPack } from "@pulumi/policy";
import { resourcePolicies, stackPolicies } from "./rules";

new PolicyPack("infra-monitoring", {
  description: "Security, reliability and cost rules for the infra-monitoring pipeline.",
  policies: [...resourcePolicies, ...stackPolicies],
});
