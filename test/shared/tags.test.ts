import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { knownTagProblems, mergedTagProblems, tagProblems } from "../../components/shared/tags";

/** n tags named k1..kn. */
const many = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i + 1}`, "v"]));

describe("tag checks (AWS's limits)", () => {
  it("takes 50 tags and refuses 51", () => {
    expect(tagProblems("tags", many(50))).to.deep.equal([]);
    expect(tagProblems("tags", many(51))).to.deep.equal([
      "tags has 51 tags; AWS allows at most 50 on a resource",
    ]);
  });

  it("takes a 128-character key and refuses 129", () => {
    expect(tagProblems("tags", { ["k".repeat(128)]: "v" })).to.deep.equal([]);
    expect(tagProblems("tags", { ["k".repeat(129)]: "v" })).to.deep.equal([
      `tags: key "${"k".repeat(129)}" has 129 characters; AWS allows at most 128`,
    ]);
  });

  it("takes a 256-character value and refuses 257", () => {
    expect(tagProblems("tags", { Team: "v".repeat(256) })).to.deep.equal([]);
    expect(tagProblems("tags", { Team: "v".repeat(257) })).to.deep.equal([
      'tags: the value of "Team" has 257 characters; AWS allows at most 256',
    ]);
  });

  it("refuses the reserved aws: prefix in any case, and an empty key", () => {
    expect(
      tagProblems("tags", { "aws:cloudformation:stack": "x", "AWS:Team": "y", "": "z" }),
    ).to.deep.equal([
      'tags: key "aws:cloudformation:stack" starts with "aws:", which AWS reserves for its own tags',
      'tags: key "AWS:Team" starts with "aws:", which AWS reserves for its own tags',
      "tags: a tag key must not be empty",
    ]);
    // Only the prefix is reserved.
    expect(tagProblems("tags", { "team:aws": "x", awsome: "y" })).to.deep.equal([]);
  });

  it("refuses a value that is not text, and leaves a secret's keys and values out", () => {
    expect(tagProblems("tags", { Count: 3 })).to.deep.equal([
      'tags: the value of "Count" must be text (got 3)',
    ]);
    expect(tagProblems("tags", { Team: "x", "aws:Owner": 3 }, true)).to.deep.equal([
      'tags: key [1] (secret) starts with "aws:", which AWS reserves for its own tags',
      "tags: the value of [1] (secret) must be text (got a secret value)",
    ]);
  });

  it("checks a plain map's keys now and leaves its Output values, and a whole Output, for later", () => {
    expect(
      knownTagProblems("tags", { "aws:Team": pulumi.output("x"), Owner: pulumi.output("y") }),
    ).to.deep.equal([
      'tags: key "aws:Team" starts with "aws:", which AWS reserves for its own tags',
    ]);
    expect(knownTagProblems("tags", pulumi.output(many(60)))).to.deep.equal([]);
  });

  it("counts a per-resource override with the component's tags, reporting a bad base once", () => {
    expect(mergedTagProblems("bucket.tags", many(49), { k1: "w", extra: "x" })).to.deep.equal([]);
    expect(mergedTagProblems("bucket.tags", many(49), { a: "x", b: "y" })).to.deep.equal([
      "bucket.tags has 51 tags; AWS allows at most 50 on a resource",
    ]);
    expect(mergedTagProblems("bucket.tags", { "aws:x": "1" }, { Team: "y" })).to.deep.equal([]);
  });
});
