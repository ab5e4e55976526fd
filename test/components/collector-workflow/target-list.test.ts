import { createHash } from "node:crypto";
import { expect } from "chai";
import type {
  CollectorWorkflow as CollectorWorkflowClass,
  CollectorWorkflowArgs,
} from "../../../components/collector-workflow";
import {
  byName,
  constructionError,
  documentOf,
  mockedSuite,
  ofType,
  settled,
  valueOf,
} from "../../helpers/pulumi-mocks";
import { LAKE_ARN, workflowArgs } from "./fixtures";

let CollectorWorkflow: typeof CollectorWorkflowClass;

/** n distinct instance ids of the longest form (i- and 17 hex digits). */
const fleet = (n: number) =>
  Array.from({ length: n }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);

/** What Lambda measures against its 4 KB: the JSON of the variables, in bytes. */
const measured = (variables: Record<string, string>) =>
  Buffer.byteLength(JSON.stringify(variables), "utf8");

/** 2025 to 2054, listed. */
const YEARS = Array.from({ length: 30 }, (_, i) => 2025 + i).join(",");

async function build(name: string, args: CollectorWorkflowArgs) {
  const wf = new CollectorWorkflow(name, args);
  await valueOf(wf.scheduleName);
  const resources = await settled();
  const variables = byName(resources, `${name}-collector`).inputs.environment.variables as Record<
    string,
    string
  >;
  return { resources, variables };
}

describe("CollectorWorkflow: the instance list leaves the Lambda environment", () => {
  mockedSuite(async () => {
    ({ CollectorWorkflow } = await import("../../../components/collector-workflow/index.js"));
  });

  it("20,000 instance ids (the most one run reads at shardSize 100) go to one lake object; the variables stay small", async () => {
    const ids = fleet(20_000);
    const { resources, variables } = await build(
      "cw-big",
      workflowArgs({ targets: { instanceIds: ids } }),
    );

    const body = JSON.stringify({ instance_ids: ids });
    const digest = createHash("sha256").update(body).digest("hex").slice(0, 16);
    const key = `collector-config/cw-big/instance-ids-${digest}.json`;
    const object = byName(resources, "cw-big-target-list");
    expect(object.type).to.equal("aws:s3/bucketObjectv2:BucketObjectv2");
    expect(object.inputs).to.deep.include({
      bucket: "lake-bucket",
      key,
      content: body,
      contentType: "application/json",
    });
    expect(variables.TARGET_INSTANCE_IDS_KEY).to.equal(key);
    expect(variables).not.to.have.property("TARGET_INSTANCE_IDS");
    // The list alone would be 440,000 bytes in the environment.
    expect(measured(variables)).to.be.below(600);
    // The collector may read that one object, nothing else under the prefix.
    const statements = documentOf(byName(resources, "cw-big-collector-policy")).Statement;
    expect(statements.find((s) => s.Sid === "ReadTargetList")).to.deep.equal({
      Sid: "ReadTargetList",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: `${LAKE_ARN}/${key}`,
    });
  });

  it("a changed list is a new object key, and the environment names the new one", async () => {
    const a = await build("cw-a", workflowArgs({ targets: { instanceIds: fleet(3) } }));
    const b = await build("cw-a2", workflowArgs({ targets: { instanceIds: fleet(4) } }));
    const digestOf = (k: string) => k.slice(-21);
    expect(digestOf(a.variables.TARGET_INSTANCE_IDS_KEY!)).not.to.equal(
      digestOf(b.variables.TARGET_INSTANCE_IDS_KEY!),
    );
  });

  it("a lake encrypted with a customer key: the collector may decrypt the list with it", async () => {
    const lakeKmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/lake";
    const { resources } = await build(
      "cw-kms",
      workflowArgs({ targets: { instanceIds: fleet(2) }, lakeKmsKeyArn }),
    );
    const statements = documentOf(byName(resources, "cw-kms-collector-policy")).Statement;
    expect(statements.find((s) => s.Sid === "DecryptTargetList")).to.deep.equal({
      Sid: "DecryptTargetList",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: lakeKmsKeyArn,
    });
  });

  it("a tag target writes no object and grants no read", async () => {
    const { resources } = await build("cw-tag", workflowArgs());
    expect(ofType(resources, "aws:s3/bucketObjectv2:BucketObjectv2")).to.deep.equal([]);
    const sids = documentOf(byName(resources, "cw-tag-collector-policy")).Statement.map(
      (s) => s.Sid,
    );
    expect(sids).not.to.include("ReadTargetList");
  });

  it("refuses more instance ids than one run reads (200 shards of shardSize), before any resource", async () => {
    const message = constructionError(
      () =>
        new CollectorWorkflow("cw-over", workflowArgs({ targets: { instanceIds: fleet(20_001) } })),
    );
    expect(message).to.contain(
      "targets.instanceIds lists 20001 instances, but one run reads at most 20000 (200 shards of shardSize 100)",
    );
    expect(ofType(await settled(), "aws:lambda/function:Function")).to.deep.equal([]);
    // A bigger shard raises the limit: 200 x 150.
    expect(() =>
      constructionError(
        () =>
          new CollectorWorkflow(
            "cw-over-150",
            workflowArgs({ targets: { instanceIds: fleet(30_000) }, shardSize: 150 }),
          ),
      ),
    ).to.throw("expected the constructor to throw");
  });

  it("the largest supported variables fit Lambda's 4 KB with room to spare", async () => {
    // Every value at its longest: a 32-character environment, a 63-character bucket, a
    // 255-character table, a 128-character tag key and 256-character value (EC2's limits), a
    // cron() schedule and a time zone, and the largest numbers each setting takes.
    const { variables } = await build(
      "cw-largest",
      workflowArgs({
        environment: "e".repeat(32),
        lakeBucketName: "b".repeat(63),
        tableName: "t".repeat(255),
        hotTableTtlDays: 365,
        targets: { tag: { key: "k".repeat(128), value: "v".repeat(256) } },
        // 256 characters: the longest expression Scheduler takes.
        schedule: `cron(0,1,5,10,15,20,25,30,35,40,45,50,55 0,1,2,4,6,8,10,12,14,16,18,20,22 ? * MON,TUE,WED,THU,FRI,SAT,SUN ${YEARS})`,
        scheduleTimezone: "America/Argentina/Rio_Gallegos",
        collectionLagSeconds: 3600,
        collectionPeriodSeconds: 3600,
        shardSize: 1000,
      }),
    );
    expect(variables.COLLECTION_SCHEDULE).to.have.length(256);
    expect(measured(variables)).to.equal(1360);
    expect(measured(variables)).to.be.below(4096);
  });

  it("extra variables: exactly 4,096 bytes deploy, one more byte is refused naming collector.environment", async () => {
    const { variables } = await build("cw-edge", workflowArgs());
    // ,"EXTRA":"<value>" adds 11 bytes and the value.
    const room = 4096 - measured(variables) - 11;
    const withExtra = (n: number) =>
      workflowArgs({ collector: { environment: { EXTRA: "x".repeat(n) } } });

    const fits = await build("cw-edge2", withExtra(room));
    expect(measured(fits.variables)).to.equal(4096);
    expect(
      constructionError(() => new CollectorWorkflow("cw-edge3", withExtra(room + 1))),
    ).to.contain(
      "collector.environment: the collector's variables take 4097 bytes, over Lambda's 4096-byte limit for all of them",
    );
  });
});
