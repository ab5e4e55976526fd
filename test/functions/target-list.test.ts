import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { expect } from "chai";
import { sourceFromSettings } from "../../functions/data-collector/sources";
import { targetListReader } from "../../functions/data-collector/sources/target-list-reader";
import { settingsFromEnv } from "../../contract/handler-settings";
import { targetListBody, targetListKey } from "../../contract/target-list";
import { type LocalServers, localServersSuite } from "../helpers/local-servers";
import { motoSuite } from "../helpers/moto";

const FLEET = Array.from({ length: 20_000 }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);

let counters = 0;

/** Counts the client's GetObject calls from now on. */
function counting(s3: S3Client) {
  const counter = { gets: 0 };
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "GetObjectCommand") counter.gets++;
      return next(args);
    },
    { step: "initialize", name: `countGets${++counters}` },
  );
  return counter;
}

function suite(
  label: string,
  s3Of: () => S3Client,
  createBucket: (name: string) => Promise<unknown>,
) {
  describe(`the collector reads its deployed instance list from the lake (${label})`, function () {
    this.timeout(60_000);
    let n = 0;

    async function deployed(ids: readonly string[], body = targetListBody(ids)) {
      const bucket = `lake-targets-${++n}`;
      await createBucket(bucket);
      const key = targetListKey("prod", targetListBody(ids));
      await s3Of().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      return { bucket, key };
    }

    it("20,000 ids: counted by the plan from the object, read once per execution environment", async () => {
      const { bucket, key } = await deployed(FLEET);
      const s3 = s3Of();
      const counter = counting(s3);
      const settings = settingsFromEnv({
        PIPELINE_ENVIRONMENT: "prod",
        LAKE_BUCKET: bucket,
        HOT_TABLE: "t",
        METRIC_SOURCE: "cloudwatch",
        TARGET_INSTANCE_IDS_KEY: key,
      });
      const source = sourceFromSettings(settings, {
        region: "eu-west-1",
        cloudwatch: () => new CloudWatchClient({ region: "eu-west-1" }),
        tagging: () => new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" }),
        s3,
      });
      expect(await source.countTargets()).to.equal(20_000);
      expect(await source.countTargets()).to.equal(20_000);
      expect(counter.gets).to.equal(1);
    });

    it("a body that is not the list its key names is refused, naming the variable and the object", async () => {
      const { bucket, key } = await deployed(FLEET.slice(0, 3), targetListBody(FLEET.slice(0, 4)));
      const read = targetListReader(s3Of(), bucket, key);
      const err = (await read().catch((e: unknown) => e)) as Error;
      expect(err.message).to.match(
        new RegExp(
          `^TARGET_INSTANCE_IDS_KEY: cannot read s3://${bucket}/${key}: Error: the target list .* does not hold the list its key names`,
        ),
      );
    });

    it("a missing object fails the run, and is read again on the next invocation (not kept)", async () => {
      const bucket = `lake-targets-${++n}`;
      await createBucket(bucket);
      const key = targetListKey("prod", targetListBody(FLEET.slice(0, 2)));
      const s3 = s3Of();
      const counter = counting(s3);
      const read = targetListReader(s3, bucket, key, { sleep: async () => undefined });
      const first = (await read().catch((e: unknown) => e)) as Error;
      expect(first.message).to.contain(
        `TARGET_INSTANCE_IDS_KEY: cannot read s3://${bucket}/${key}: NoSuchKey`,
      );
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: targetListBody(FLEET.slice(0, 2)) }),
      );
      expect(await read()).to.deep.equal(FLEET.slice(0, 2));
      expect(counter.gets).to.equal(2);
    });
  });
}

describe("target list", () => {
  let servers: LocalServers;
  localServersSuite((started) => (servers = started));
  suite(
    "s3rver",
    () => servers.s3,
    (name) => servers.createBucket(name),
  );

  describe("moto", () => {
    const moto = motoSuite();
    const s3 = () => new S3Client(moto().clientConfig);
    suite("moto", s3, (name) =>
      s3().send(
        new CreateBucketCommand({
          Bucket: name,
          CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
        }),
      ),
    );
  });
});
