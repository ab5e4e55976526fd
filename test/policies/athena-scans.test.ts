import { expect } from "chai";
import { compliantStack, withChange, without } from "./fixtures";
import { allViolations, messagesOf } from "./run";

const POLICY = "athena-scan-cutoff";
const GIB = 1024 ** 3;
/** One hour of raw JSON Lines at one instance with 60 s data: 7 records a minute, 266 bytes each. */
const RAW_HOUR_PER_INSTANCE = 7 * 60 * 266;
/** The fixture's named query: 7 days back to today, so 8 day partitions of raw. */
const WEEK_PER_INSTANCE = RAW_HOUR_PER_INSTANCE * 24 * 8;
const at = (instances: number, periodSeconds?: number) => ({
  [POLICY]: { instances, ...(periodSeconds ? { periodSeconds } : {}) },
});

describe("athena-scan-cutoff (mandatory)", () => {
  it("passes the fixture's fleet (3 instances, from the collector's settings)", async () => {
    expect(await messagesOf(POLICY, compliantStack())).to.deep.equal([]);
  });

  it("fails at the first fleet whose week of raw JSON passes the 1 GiB cutoff, not one before", async () => {
    const edge = Math.floor(GIB / WEEK_PER_INSTANCE);
    expect(await messagesOf(POLICY, compliantStack(), at(edge))).to.deep.equal([]);
    const violations = (await allViolations(compliantStack(), at(edge + 1))).filter(
      (v) => v.policy === POLICY,
    );
    expect(violations.map((v) => [v.enforcementLevel, v.message])).to.deep.equal([
      [
        "mandatory",
        `analytics (aws:athena/workgroup:Workgroup): the named query avg-cpu scans 1.0 GiB at ${edge + 1} instances (60 s data), over the cutoff of 1.0 GiB: Athena cancels it.`,
      ],
    ]);
  });

  it("sizes for the period given: 5-minute data fits five times the fleet", async () => {
    const edge = Math.floor((GIB * 5) / WEEK_PER_INSTANCE);
    expect(await messagesOf(POLICY, compliantStack(), at(edge, 300))).to.deep.equal([]);
    expect(await messagesOf(POLICY, compliantStack(), at(edge + 1, 300))).to.have.length(1);
  });

  it("counts the compaction's UNLOAD of a day when the stack runs one in the workgroup", async () => {
    const stack = withChange(compliantStack(), "analytics", (p) => {
      p.configuration.bytesScannedCutoffPerQuery = 1024 ** 4;
    });
    stack.push({
      type: "aws:sfn/stateMachine:StateMachine",
      name: "compaction",
      props: {
        definition: JSON.stringify({
          States: {
            Unload: {
              Type: "Task",
              Resource: "arn:aws:states:::athena:startQueryExecution.sync",
              Parameters: { WorkGroup: "analytics" },
            },
          },
        }),
      },
    });
    // A day of raw at 500,000 instances: 1.2 TiB, over a 1 TiB cutoff; the week query too.
    const messages = await messagesOf(POLICY, stack, at(500_000));
    expect(messages.map((m) => m.split(" scans ")[0])).to.deep.equal([
      "analytics (aws:athena/workgroup:Workgroup): the named query avg-cpu",
      "analytics (aws:athena/workgroup:Workgroup): the compaction compaction UNLOAD of a day",
    ]);
  });

  it("fails a named query with no partition window at any fleet: it reads its whole table", async () => {
    const stack = withChange(compliantStack(), "avg-cpu", (p) => {
      p.query = 'SELECT count(*) FROM "lake"."quarantine"';
    });
    expect(await messagesOf(POLICY, stack, at(1))).to.deep.equal([
      "analytics (aws:athena/workgroup:Workgroup): the named query avg-cpu scans unbounded at 1 instances (60 s data), over the cutoff of 1.0 GiB: Athena cancels it.",
    ]);
  });

  it("does not apply to a stack without a workgroup cutoff", async () => {
    const stack = withChange(compliantStack(), "analytics", (p) => {
      delete p.configuration.bytesScannedCutoffPerQuery;
    });
    expect(await messagesOf(POLICY, stack, at(1_000_000))).to.deep.equal([]);
    expect(await messagesOf(POLICY, without(compliantStack(), "analytics"))).to.deep.equal([]);
  });
});
