import { expect } from "chai";
import { resourcePolicies, stackPolicies } from "../../policies/rules";
import { compliantStack } from "./fixtures";
import { allViolations } from "./run";

describe("the compliant fixture", () => {
  it("passes every rule of the pack", async () => {
    expect(await allViolations(compliantStack())).to.deep.equal([]);
  });

  it("every policy has a unique kebab-case name and an enforcement level", () => {
    const all = [...resourcePolicies, ...stackPolicies];
    const names = all.map((p) => p.name);
    expect(new Set(names).size).to.equal(names.length);
    for (const p of all) {
      expect(p.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.enforcementLevel, p.name).to.be.oneOf(["mandatory", "advisory"]);
    }
    expect(all.filter((p) => p.enforcementLevel === "advisory").map((p) => p.name)).to.deep.equal([
      "log-group-kms-encryption",
      "monthly-budget",
    ]);
  });
});
