/**
 * A metrics object that lands in a day already compacted starts the compaction's catch-up run,
 * against moto's Step Functions with the real compaction definition.
 */
import {
  CreateStateMachineCommand,
  ListExecutionsCommand,
  SFNClient,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { expect } from "chai";
import { buildCompactionDefinition } from "../../components/analytics-catalog/compaction-definition";
import { objectCreatedEvent } from "../../local/s3-events";
import { metricLine } from "./fixtures";
import { motoProcessorHarness } from "./moto-processor";
import { BUCKET } from "./processor-harness";

// NOW is 2025-03-01T10:05:00Z: its 15-minute slot starts at 10:00.
const SLOT = "late-objects-20250301T1000";
const dayKey = (day: string, name: string) => {
  const [y, m, d] = day.split("-");
  return `raw-metrics/year=${y}/month=${m}/day=${d}/hour=01/${name}.jsonl`;
};
const lineOn = (day: string) => metricLine({ timestamp: `${day}T01:00:00Z` });

describe("late objects re-open their compacted day (moto Step Functions)", function () {
  this.timeout(60_000);
  const m = motoProcessorHarness();
  let sfn: SFNClient;
  let arn: string;
  before(() => (sfn = new SFNClient(m.moto().clientConfig)));
  after(() => sfn.destroy());

  /** A processor whose compaction is `given`, or moto's real one when `given` is empty. */
  async function setup(given: string, catchUpDays?: number) {
    // moto's account and region; m.setup resets moto, so the machine is created after it.
    arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:monitoring-prod-compaction";
    const { processor } = await m.setup({
      sfn,
      settings: {
        compactionStateMachineArn: given === "" ? arn : given,
        ...(catchUpDays ? { compactionCatchUpDays: catchUpDays } : {}),
      },
    });
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name: "monitoring-prod-compaction",
        definition: JSON.stringify(
          buildCompactionDefinition({
            workgroup: "wg",
            database: "db",
            rawTable: "metrics",
            lakeBucket: BUCKET,
          }),
        ),
        roleArn: "arn:aws:iam::123456789012:role/compaction",
      }),
    );
    expect(created.stateMachineArn).to.equal(arn);
    return processor;
  }
  const executions = async () =>
    ((await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }))).executions ?? []).map(
      (e) => ({ name: e.name, status: e.status }),
    );
  const ingest = async (
    processor: Awaited<ReturnType<typeof setup>>,
    key: string,
    body: string,
  ) => {
    const { etag } = await m.put(key, body);
    const { objects } = await processor.handle(objectCreatedEvent({ bucket: BUCKET, key, etag }));
    return objects[0];
  };

  it("starts one catch-up run per slot for a burst, and a run of its own once the slot's has ended", async () => {
    const processor = await setup("");
    const first = await ingest(processor, dayKey("2025-02-26", "a"), lineOn("2025-02-26"));
    expect(first).to.include({ processed: 1 });
    expect(await executions()).to.deep.equal([{ name: SLOT, status: "RUNNING" }]);

    // The same slot while its run is going: Step Functions hands back that run.
    await ingest(processor, dayKey("2025-02-20", "b"), lineOn("2025-02-20"));
    expect((await executions()).map((e) => e.name)).to.deep.equal([SLOT]);

    // Ended: it may have counted the day before this object landed.
    await sfn.send(
      new StopExecutionCommand({
        executionArn: `${arn.replace(":stateMachine:", ":execution:")}:${SLOT}`,
      }),
    );
    await ingest(processor, dayKey("2025-02-26", "c"), lineOn("2025-02-26"));
    const names = (await executions()).map((e) => e.name ?? "");
    expect(names).to.have.length(2);
    expect(names.filter((n) => /^late-objects-20250301T1000-[0-9a-f]{16}$/.test(n))).to.have.length(
      1,
    );
  });

  it("leaves today, yesterday, days past the catch-up window and logs alone", async () => {
    const processor = await setup("", 5);
    await ingest(processor, dayKey("2025-03-01", "today"), lineOn("2025-03-01"));
    await ingest(processor, dayKey("2025-02-28", "yesterday"), lineOn("2025-02-28"));
    await ingest(processor, dayKey("2025-02-23", "six-days"), lineOn("2025-02-23"));
    await ingest(processor, "raw-logs/year=2025/month=02/day=26/hour=01/app.log", "plain text\n");
    expect(await executions()).to.deep.equal([]);
    // Five days back is inside a window of 5.
    await ingest(processor, dayKey("2025-02-24", "five-days"), lineOn("2025-02-24"));
    expect(await executions()).to.have.length(1);
  });

  it("starts nothing for an object with no valid record", async () => {
    const processor = await setup("");
    const out = await ingest(processor, dayKey("2025-02-26", "bad"), "{not json\n");
    expect(out).to.include({ processed: 0, quarantined: 1 });
    expect(await executions()).to.deep.equal([]);
  });

  it("keeps the object processed when the run cannot start (the nightly run heals the day)", async () => {
    const processor = await setup(
      "arn:aws:states:eu-west-1:123456789012:stateMachine:no-such-compaction",
    );
    const out = await ingest(processor, dayKey("2025-02-26", "a"), lineOn("2025-02-26"));
    expect(out).to.include({ processed: 1 });
    expect(await executions()).to.deep.equal([]);
  });
});
