import { expect } from "chai";
import { factsFromStack } from "../../policies/cost/from-stack";
import { targetListBody, targetListKey } from "../../contract/target-list";

const fleet = (n: number) =>
  Array.from({ length: n }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);

describe("cost facts: the fleet CollectorWorkflow lists in its target-list object", () => {
  const collector = {
    type: "aws:lambda/function:Function",
    props: {
      environment: { variables: { METRIC_SOURCE: "cloudwatch", TARGET_INSTANCE_IDS_KEY: "k" } },
    },
  };

  it("counts the ids of the collector-config/ object, not the environment", () => {
    const body = targetListBody(fleet(1234));
    const list = {
      type: "aws:s3/bucketObjectv2:BucketObjectv2",
      props: { bucket: "lake", key: targetListKey("prod", body), content: body },
    };
    expect(factsFromStack([collector, list]).instances).to.equal(1234);
  });

  it("another object in the stack is not a fleet", () => {
    const other = {
      type: "aws:s3/bucketObjectv2:BucketObjectv2",
      props: { bucket: "lake", key: "athena/x.json", content: '{"instance_ids":["i-00000001"]}' },
    };
    expect(factsFromStack([collector, other]).instances).to.equal(undefined);
  });
});
