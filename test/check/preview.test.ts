import { expect } from "chai";
import type { ResourceInput } from "../../policies/harness";
import { asFirstPreview, UNKNOWN } from "../../scripts/check/preview";
import { runProgram } from "../../scripts/check/run-program";
import { loadStack } from "../../scripts/check/stack-file";

const BUCKET_URN = "urn:pulumi:dev::p::aws:s3/bucket:Bucket::lake";
const POLICY_URN = "urn:pulumi:dev::p::aws:s3/bucketPolicy:BucketPolicy::lake-policy";
const FN_URN = "urn:pulumi:dev::p::aws:lambda/function:Function::fn";

const bucket: ResourceInput = {
  type: "aws:s3/bucket:Bucket",
  name: "lake",
  urn: BUCKET_URN,
  props: { tags: { project: "p" } },
};
const policy: ResourceInput = {
  type: "aws:s3/bucketPolicy:BucketPolicy",
  name: "lake-policy",
  urn: POLICY_URN,
  props: { bucket: "lake-1a2b-id", policy: '{"Resource":"arn:aws:s3:::lake-1a2b/*"}' },
  propertyDependencies: { bucket: [BUCKET_URN], policy: [BUCKET_URN] },
};
// Named by the program: its name is known in preview, its ARN is not.
const fn: ResourceInput = {
  type: "aws:lambda/function:Function",
  name: "fn",
  urn: FN_URN,
  props: {
    name: "fn",
    environment: { variables: { LAKE: "lake-1a2b", MODE: "cloudwatch" } },
    loggingConfig: { logGroup: "/aws/lambda/fn" },
  },
  propertyDependencies: { environment: [BUCKET_URN] },
};
const outputsOf = (r: ResourceInput, computed: Record<string, string>) => ({
  ...r,
  props: { ...r.props, ...computed },
});

describe("the first-preview shape", () => {
  const outputs = [
    outputsOf(bucket, { id: "lake-1a2b-id", bucket: "lake-1a2b", arn: "arn:aws:s3:::lake-1a2b" }),
    outputsOf(policy, { id: "lake-policy-id" }),
    outputsOf(fn, { id: "fn-id", arn: "arn:aws:lambda:eu-west-1:1:function:fn" }),
  ];
  const preview = asFirstPreview([bucket, policy, fn], outputs);

  it("makes every input built from a computed value of a dependency unknown, leaf by leaf", () => {
    expect(preview.inputs[1]?.props).to.deep.equal({ bucket: UNKNOWN, policy: UNKNOWN });
    expect(preview.inputs[2]?.props.environment).to.deep.equal({
      variables: { LAKE: UNKNOWN, MODE: "cloudwatch" },
    });
  });

  it("keeps what the program set and what comes from no other resource", () => {
    expect(preview.inputs[0]?.props).to.deep.equal(bucket.props);
    expect(preview.inputs[2]?.props.name).to.equal("fn");
    expect(preview.inputs[2]?.props.loggingConfig).to.deep.equal({ logGroup: "/aws/lambda/fn" });
  });

  it("gives outputs unknown ids, ARNs and provider-chosen names; a name the program set stays", () => {
    expect(preview.outputs[0]?.props).to.deep.equal({
      tags: { project: "p" },
      id: UNKNOWN,
      bucket: UNKNOWN,
      arn: UNKNOWN,
    });
    expect(preview.outputs[2]?.props).to.include({ name: "fn", id: UNKNOWN, arn: UNKNOWN });
  });

  it("keeps parents and dependencies", () => {
    expect(preview.inputs[1]?.propertyDependencies).to.deep.equal(policy.propertyDependencies);
  });
});

describe("the program run as the engine sends it", function () {
  this.timeout(60_000);

  it("carries each resource's parent, dependencies and property dependencies", async () => {
    const { raw } = loadStack("dev");
    const run = await runProgram("dev", raw, async () => {
      const mod = (await import("../../index.js")) as unknown as { default?: () => unknown };
      return (mod.default ?? mod) as () => unknown;
    });
    const byName = (name: string) => run.inputs.find((r) => r.name === name);
    const lake = byName("monitoring-dev-lake");
    const lakePolicy = byName("monitoring-dev-lake-policy");
    expect(lake?.parentUrn).to.match(
      /\$infra-monitoring-pipeline:index:MetricStore::monitoring-dev$/,
    );
    expect(lakePolicy?.propertyDependencies?.bucket).to.deep.equal([lake?.urn]);
    expect(lakePolicy?.dependencies).to.include(lake?.urn);
    // The preview of the shipped stack blanks the lake policy's document (it embeds the ARN).
    const preview = asFirstPreview(run.inputs, run.outputs);
    const previewPolicy = preview.inputs.find((r) => r.name === "monitoring-dev-lake-policy");
    expect(previewPolicy?.props.policy).to.equal(UNKNOWN);
  });
});
