import { expect } from "chai";
import { PackConfigError, resolvePackConfig } from "../../scripts/check/pack-config";
import type { PolicyInfo } from "../../scripts/check/policy-runtime";

const POLICIES: PolicyInfo[] = [
  {
    name: "limits",
    description: "",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: { max: { type: "integer", maximum: 10, default: 5 }, label: { type: "string" } },
      required: ["label"],
    },
  },
  { name: "plain", description: "", enforcementLevel: "advisory" },
];

const problemsOf = (...layers: Record<string, unknown>[]) => {
  try {
    resolvePackConfig(POLICIES, ...layers);
  } catch (err) {
    expect(err).to.be.instanceOf(PackConfigError);
    return (err as Error).message
      .split("\n")
      .slice(1)
      .map((l) => l.trim());
  }
  throw new Error("expected a PackConfigError");
};

describe("policy pack config as the CLI reads it", () => {
  it("starts from each policy's level and schema defaults; later layers win", () => {
    expect(
      resolvePackConfig(POLICIES, { limits: { label: "a" } }, { limits: { max: 7 } }),
    ).to.deep.equal({
      limits: { enforcementLevel: "mandatory", max: 7, label: "a" },
      plain: { enforcementLevel: "advisory" },
    });
  });

  it('"all" sets every level first, a policy\'s own entry (shorthand or object) after it', () => {
    const config = resolvePackConfig(POLICIES, {
      plain: "disabled",
      all: "remediate",
      limits: { enforcementLevel: "advisory", label: "x" },
    });
    expect(config).to.deep.equal({
      limits: { enforcementLevel: "advisory", max: 5, label: "x" },
      plain: { enforcementLevel: "disabled" },
    });
  });

  it("reports every bad entry at once, naming the policy and the field", () => {
    expect(
      problemsOf({
        limits: { max: 11.5, enforcementLevel: "strict" },
        plain: 3,
        all: "everything",
      }),
    ).to.deep.equal([
      'limits.enforcementLevel: "strict" is not an enforcement level (advisory, mandatory, remediate, disabled)',
      "plain: must be an enforcement level string or an object",
      'all: "everything" is not an enforcement level (advisory, mandatory, remediate, disabled)',
      "limits.label: must have required property 'label'",
    ]);
    expect(problemsOf({ limits: { label: 1, max: 11 } })).to.deep.equal([
      "limits.max: must be <= 10",
      "limits.label: must be string",
    ]);
  });
});
