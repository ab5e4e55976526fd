import { expect } from "chai";
import { buildCompactionDefinition } from "../../components/analytics-catalog/compaction-definition";
import { estimateMonthlyCost } from "../../policies/cost/estimate";
import {
  compactionShape,
  countsFromStack,
  DEFAULT_FACTS,
  factsFromStack,
} from "../../policies/cost/from-stack";
import { PRICES } from "../../policies/cost/prices";
import { TYPES } from "../../policies/rules/types";
import { compliantStack, withChange } from "./fixtures";

const definition = buildCompactionDefinition({
  workgroup: "wg",
  database: "db",
  rawTable: "metrics",
  lakeBucket: "lake",
  catchUpDays: 30,
});
const MB = 1024 ** 2;
const TB = 1024 ** 4;

/** The compliant stack plus the compaction state machine, the workgroup capped at `cutoff`. */
function withCompaction(cutoff?: number) {
  const stack = compliantStack();
  stack.push({
    type: TYPES.stateMachine,
    name: "compaction",
    props: { type: "STANDARD", definition: JSON.stringify(definition) },
  });
  if (cutoff !== undefined) {
    withChange(stack, "analytics", (p) => (p.configuration.bytesScannedCutoffPerQuery = cutoff));
  }
  return stack;
}

const line = (e: ReturnType<typeof estimateMonthlyCost>, item: string) =>
  e.lines.find((l) => l.item === item);

describe("the cost model knows the compaction", () => {
  it("counts the compaction's states once a day, not once per collector run", () => {
    const plain = countsFromStack(compliantStack());
    const c = countsFromStack(withCompaction());
    expect(c.stateTransitionsPerRun).to.equal(plain.stateTransitionsPerRun);
    expect(c.compactionStatesPerRun).to.equal(Object.keys(definition.States as object).length);
    expect(c.compactionCatchUpDays).to.equal(30);
    expect(c.compactionListKeys).to.equal(500);
    expect(plain.compactionStatesPerRun).to.equal(0);
  });

  it("reads one day's states from the Map of days, its nested Map included", () => {
    const shape = compactionShape(definition);
    const states = definition.States as Record<string, { ItemProcessor?: { States: object } }>;
    const day = Object.values(states).find((st) => st.ItemProcessor)?.ItemProcessor;
    // Every state of a day plus the delete inside the emptying Map.
    expect(shape.statesPerDay).to.equal(Object.keys(day?.States ?? {}).length + 1);
    expect(shape.statesPerDay).to.be.above(20);
  });

  it("prices a day of raw JSON scanned by Athena, plus the plan query's 10 MB minimum", () => {
    const stack = withCompaction();
    const facts = {
      ...DEFAULT_FACTS,
      ...factsFromStack(stack),
      schedule: "rate(3 hours)",
      instances: 1000,
    };
    const e = estimateMonthlyCost(facts, countsFromStack(stack));
    // 1000 instances x 7 records x 8 runs a day x 266 bytes (measured by measure-record-bytes).
    const day = 1000 * 7 * 8 * 266;
    const tb = (30 * (day + 10 * MB)) / TB;
    expect(line(e, "Athena scans (compaction)")?.usd).to.be.closeTo(tb * 5, 1e-12);
    const shape = compactionShape(definition);
    expect(line(e, "Step Functions transitions (compaction)")?.usd).to.be.closeTo(
      30 * (shape.statesPerRun + 30 * shape.statesPerDay) * PRICES.sfnStandardTransition.usd,
      1e-12,
    );
  });

  it("prices the S3 listings that check each day of the window, a page per 500 raw objects", () => {
    const stack = withCompaction();
    const at = (instances: number) =>
      estimateMonthlyCost(
        {
          ...DEFAULT_FACTS,
          ...factsFromStack(stack),
          metricSource: "cloudwatch",
          schedule: "rate(3 hours)",
          instances,
        },
        countsFromStack(stack),
      );
    // 100 instances: 1 shard x 4 types x 4 hour partitions x 8 runs = 128 objects a day: 1 page.
    expect(line(at(100), "S3 LIST (compaction checks)")?.usd).to.be.closeTo(
      30 * (30 * (1 + 1) + 2) * PRICES.s3List.usd,
      1e-12,
    );
    // 1,000 instances: 10 shards, 1,280 objects a day: 3 pages of 500.
    expect(line(at(1000), "S3 LIST (compaction checks)")?.usd).to.be.closeTo(
      30 * (30 * (1 + 3) + 2) * PRICES.s3List.usd,
      1e-12,
    );
    // Each further page is three more states a day.
    const perDay = compactionShape(definition).statesPerDay;
    const steps = (e: ReturnType<typeof at>) =>
      (line(e, "Step Functions transitions (compaction)")?.usd ?? 0) /
      PRICES.sfnStandardTransition.usd;
    expect(steps(at(1000)) - steps(at(100))).to.be.closeTo(30 * 30 * 2 * 3, 1e-6);
    expect(steps(at(100))).to.be.closeTo(
      30 * (compactionShape(definition).statesPerRun + 30 * perDay),
      1e-6,
    );
    expect(line(at(100), "S3 PUT (compaction markers)")?.usd).to.be.closeTo(
      30 * PRICES.s3Put.usd,
      1e-12,
    );
  });

  it("bills no more than the workgroup's cutoff per query, and at least 10 MB", () => {
    const capped = withCompaction(20 * MB);
    const big = estimateMonthlyCost(
      {
        ...DEFAULT_FACTS,
        ...factsFromStack(capped),
        schedule: "rate(5 minutes)",
        instances: 100_000,
      },
      countsFromStack(capped),
    );
    expect(line(big, "Athena scans (compaction)")?.usd).to.be.closeTo(
      ((30 * 30 * MB) / TB) * 5,
      1e-12,
    );
    const tiny = withCompaction();
    const small = estimateMonthlyCost(
      { ...DEFAULT_FACTS, ...factsFromStack(tiny), schedule: "rate(1 day)", instances: 1 },
      countsFromStack(tiny),
    );
    expect(line(small, "Athena scans (compaction)")?.usd).to.be.closeTo(
      ((30 * 20 * MB) / TB) * 5,
      1e-12,
    );
  });

  it("has no compaction lines without a compaction state machine", () => {
    const stack = compliantStack();
    const e = estimateMonthlyCost(
      { ...DEFAULT_FACTS, ...factsFromStack(stack) },
      countsFromStack(stack),
    );
    expect(line(e, "Athena scans (compaction)")).to.equal(undefined);
  });
});
