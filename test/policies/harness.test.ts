import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { expect } from "chai";
import { runResourcePolicies, runStackPolicies, urnFor } from "../../policies/harness";

const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("the policy harness", () => {
  const readsName: ResourceValidationPolicy = {
    name: "reads-name",
    description: "reports the name",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => report(`name=${String(args.props.name)}`),
  };

  it("reports against the resource's URN with the policy's level", async () => {
    const violations = await runResourcePolicies(
      [readsName],
      [{ type: "t:m:R", name: "r", props: { name: "x" } }],
    );
    expect(violations).to.deep.equal([
      {
        policy: "reads-name",
        enforcementLevel: "mandatory",
        message: "name=x",
        urn: urnFor("t:m:R", "r"),
      },
    ]);
  });

  it("turns a read of an unknown value into an advisory note, as pulumi preview does", async () => {
    const violations = await runResourcePolicies(
      [readsName],
      [{ type: "t:m:R", name: "r", props: { name: UNKNOWN_STRING } }],
    );
    expect(violations).to.have.length(1);
    expect(violations[0]?.enforcementLevel).to.equal("advisory");
    expect(violations[0]?.message).to.equal(
      "can't run policy 'reads-name' from policy pack 'infra-monitoring@v0.1.0' during preview: string value at .name can't be known during preview",
    );
  });

  it("honours notApplicable, disabled levels and per-policy config", async () => {
    const picky: ResourceValidationPolicy = {
      name: "picky",
      description: "",
      enforcementLevel: "advisory",
      validateResource: (args, report) => {
        if (args.type !== "wanted") args.notApplicable();
        report(JSON.stringify(args.getConfig()));
      },
    };
    const resources = [
      { type: "wanted", name: "a", props: {} },
      { type: "other", name: "b", props: {} },
    ];
    const config = { picky: { enforcementLevel: "mandatory", limit: 3 } };
    expect(await runResourcePolicies([picky], resources, config)).to.deep.equal([
      {
        policy: "picky",
        enforcementLevel: "mandatory",
        message: '{"limit":3}',
        urn: urnFor("wanted", "a"),
      },
    ]);
    expect(
      await runResourcePolicies([picky], resources, { picky: { enforcementLevel: "disabled" } }),
    ).to.deep.equal([]);
  });

  it("skips a lone validation typed for another resource type without calling it", async () => {
    const called: string[] = [];
    const validate = Object.assign(
      (args: { name: string }) => {
        called.push(args.name);
      },
      { __pulumiType: "wanted" },
    );
    const typed: ResourceValidationPolicy = {
      name: "typed",
      description: "",
      enforcementLevel: "mandatory",
      validateResource: validate,
    };
    const resources = [
      { type: "wanted", name: "a", props: {} },
      { type: "other", name: "b", props: {} },
    ];
    expect(await runResourcePolicies([typed], resources)).to.deep.equal([]);
    expect(called).to.deep.equal(["a"]);
  });

  it("links parents and property dependencies by URN for stack policies", async () => {
    const seen: string[] = [];
    const graph: StackValidationPolicy = {
      name: "graph",
      description: "",
      enforcementLevel: "mandatory",
      validateStack: (args) => {
        for (const r of args.resources) {
          seen.push(
            `${r.name}<-${r.parent?.name ?? "-"}:${(r.propertyDependencies.bucket ?? []).map((d) => d.name).join(",")}`,
          );
        }
      },
    };
    await runStackPolicies(
      [graph],
      [
        { type: "c", name: "comp", props: {} },
        { type: "b", name: "bucket", props: {}, parentUrn: urnFor("c", "comp") },
        {
          type: "p",
          name: "policy",
          props: {},
          propertyDependencies: { bucket: [urnFor("b", "bucket")] },
        },
      ],
    );
    expect(seen).to.deep.equal(["comp<--:", "bucket<-comp:", "policy<--:bucket"]);
  });
});

describe("the harness's copy of resource props", () => {
  it("keeps plain data and the fields of assets, drops promises and functions", async () => {
    class FakeArchive {
      readonly path = "dist/collector";
      readonly hash = Promise.resolve("abc");
    }
    let seen: unknown;
    const capture: ResourceValidationPolicy = {
      name: "capture",
      description: "",
      enforcementLevel: "mandatory",
      validateResource: (args) => {
        seen = JSON.parse(JSON.stringify(args.props));
      },
    };
    const props = { code: new FakeArchive(), handler: () => 1, tags: { a: "b" }, list: [1, "x"] };
    await runResourcePolicies([capture], [{ type: "t", name: "r", props }]);
    expect(seen).to.deep.equal({
      code: { path: "dist/collector" },
      tags: { a: "b" },
      list: [1, "x"],
    });
  });
});
