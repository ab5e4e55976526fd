import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  byName,
  captureInfo,
  constructionError,
  deploymentErrors,
  mockedSuite,
  settled,
  STACK_OUTPUTS,
  type RecordedResource,
} from "../../helpers/pulumi-mocks";
import { TAGGABLE_TYPES } from "../../../policies/rules/types";
import type * as Components from "../../../components";

let C: typeof Components;
/** How the engine marks a secret input: the mocks see the signature and the value inside. */
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const SHARED = "acme/shared/tags";
const base = { environment: "test", metricSource: "synthetic" };
const TEAM_TAGS = { Team: "payments", CostCenter: "cc-42" };

/** n tags named k1..kn. */
const many = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i + 1}`, "v"]));
const taggable = (resources: RecordedResource[]) =>
  resources.filter((r) => TAGGABLE_TYPES.includes(r.type));

describe("MonitoringPipeline: tags from other stacks and secrets", () => {
  mockedSuite(async () => {
    C = await import("../../../components/index.js");
    STACK_OUTPUTS.set(SHARED, { outputs: { tags: TEAM_TAGS, owner: "alice" } });
  });

  it("puts another stack's tags on every taggable child", async () => {
    const shared = new pulumi.StackReference(SHARED);
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("tg-ref", {
          ...base,
          tags: shared.getOutput("tags") as pulumi.Output<Record<string, string>>,
        }),
    );
    expect(errors).to.deep.equal([]);
    const children = taggable(resources);
    // The topic, the tables, the functions, the buckets, the alarms...: dozens of children.
    expect(children.length).to.be.greaterThan(30);
    for (const child of children) {
      expect(child.inputs.tags, `${child.type} ${child.name}`).to.deep.equal(TEAM_TAGS);
    }
  });

  it("keeps a secret value secret on every taggable child, the rest of the map with it", async () => {
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("tg-sec", {
          ...base,
          tags: { Team: "payments", Owner: pulumi.secret("alice") },
        }),
    );
    expect(errors).to.deep.equal([]);
    const expected = { ...SECRET, value: { Team: "payments", Owner: "alice" } };
    for (const child of taggable(resources)) {
      expect(child.inputs.tags, `${child.type} ${child.name}`).to.deep.equal(expected);
    }
    expect(byName(resources, "tg-sec-lake").inputs.tags).to.deep.equal(expected);
  });

  for (const [label, tags, problem] of [
    ["51 tags", many(51), "tags has 51 tags; AWS allows at most 50 on a resource"],
    [
      "a 129-character key",
      { ["k".repeat(129)]: "v" },
      `tags: key "${"k".repeat(129)}" has 129 characters; AWS allows at most 128`,
    ],
    [
      "the aws: prefix",
      { "aws:Team": "payments" },
      'tags: key "aws:Team" starts with "aws:", which AWS reserves for its own tags',
    ],
  ] as const) {
    it(`refuses ${label} once at once, and from an Output at deploy with the same message`, async () => {
      const message = (name: string) =>
        `MonitoringPipeline ${name}: invalid arguments:\n  - ${problem}`;
      expect(
        constructionError(() => new C.MonitoringPipeline("tg-now", { ...base, tags })),
      ).to.equal(message("tg-now"));
      const { errors, resources } = await deploymentErrors(
        () => new C.MonitoringPipeline("tg-later", { ...base, tags: pulumi.output(tags) }),
      );
      expect(errors).to.deep.equal([message("tg-later")]);
      expect(resources.some((r) => r.name === "tg-later-lake")).to.equal(false);
    });
  }

  const fifty = { ...many(49), ["k".repeat(128)]: "v".repeat(256) };
  it("takes 50 tags, a 128-character key and a 256-character value", async () => {
    const { errors, resources } = await deploymentErrors(
      () => new C.MonitoringPipeline("tg-max", { ...base, tags: fifty }),
    );
    expect(errors).to.deep.equal([]);
    expect(byName(resources, "tg-max-lake").inputs.tags).to.deep.equal(fifty);
  });

  it("takes the same tags from an Output", async () => {
    const { errors, resources } = await deploymentErrors(
      () => new C.MonitoringPipeline("tg-max-out", { ...base, tags: pulumi.output(fifty) }),
    );
    expect(errors).to.deep.equal([]);
    expect(byName(resources, "tg-max-out-lake").inputs.tags).to.deep.equal(fifty);
  });

  it("counts a bucket's own tags from an Output with the component's, as it does known ones", async () => {
    const message = (name: string) =>
      `MetricStore ${name}: invalid arguments:\n  - bucket.tags has 51 tags; AWS allows at most 50 on a resource`;
    const known = { tags: many(49), bucket: { tags: { a: "x", b: "y" } } };
    expect(constructionError(() => new C.MetricStore("tg-store", known))).to.equal(
      message("tg-store"),
    );
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.MetricStore("tg-store-out", {
          tags: many(49),
          bucket: { tags: pulumi.output({ a: "x", b: "y" }) },
        }),
    );
    expect(errors).to.deep.equal([message("tg-store-out")]);
    // The table takes the component's 49 and registers; the bucket does not.
    expect(resources.some((r) => r.name === "tg-store-out-lake")).to.equal(false);
    expect(byName(resources, "tg-store-out-hot-table").inputs.tags).to.deep.equal(many(49));
  });
});

describe("MonitoringPipeline: tags unknown in preview", () => {
  mockedSuite(async () => {
    C = await import("../../../components/index.js");
  }, true);

  it("says they are checked at deploy, and still plans every child", async () => {
    const unknown = pulumi.output(pulumi.unknown) as pulumi.Output<Record<string, string>>;
    const info = await captureInfo(
      () => new C.MonitoringPipeline("tg-pv", { ...base, tags: unknown }),
    );
    expect(info).to.deep.equal([
      "MonitoringPipeline tg-pv: tags are not all known in this preview: they are checked at deploy.",
    ]);
    const resources = await settled();
    expect(resources.some((r) => r.name === "tg-pv-lake")).to.equal(true);
    expect(resources.some((r) => r.name === "tg-pv-collector")).to.equal(true);
  });
});
