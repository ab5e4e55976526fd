import { expect } from "chai";
import { compliantStack } from "./fixtures";
import { allViolations, messagesOf } from "./run";

describe("monthly-budget (advisory)", () => {
  it("does not apply without a budget in the policy config", async () => {
    expect(await messagesOf("monthly-budget", compliantStack())).to.deep.equal([]);
  });

  it("reports an estimate over the budget, as advisory", async () => {
    const config = { "monthly-budget": { monthlyBudgetUsd: 1, schedule: "rate(5 minutes)" } };
    const violations = (await allViolations(compliantStack(), config)).filter(
      (v) => v.policy === "monthly-budget",
    );
    expect(violations).to.have.length(1);
    expect(violations[0]?.enforcementLevel).to.equal("advisory");
    expect(violations[0]?.message).to.match(
      /^Estimated monthly cost \$\d+\.\d\d exceeds the budget of \$1\.00 \(rate\(5 minutes\), STANDARD, 3 instances\)\.$/,
    );
  });

  it("passes under a generous budget", async () => {
    const config = { "monthly-budget": { monthlyBudgetUsd: 1000 } };
    expect(await messagesOf("monthly-budget", compliantStack(), config)).to.deep.equal([]);
  });
});
