import { expect } from "chai";
import {
  needsReopen,
  partitionDayMs,
  reopenExecutionName,
} from "../../functions/log-processor/reopen";

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe("which late objects re-open a compacted day", () => {
  it("reads the day from the key's partition, not from the records", () => {
    expect(partitionDayMs("raw-metrics/year=2024/month=02/day=29/hour=23/cpu.jsonl")).to.equal(
      day("2024-02-29"),
    );
    expect(partitionDayMs("raw-metrics/year=2025/month=12/day=31/x.jsonl")).to.equal(
      day("2025-12-31"),
    );
  });

  it("knows no day for keys outside the layout or dates that do not exist", () => {
    for (const key of [
      "raw-logs/year=2025/month=02/day=26/hour=01/app.log",
      "raw-metrics/cpu.jsonl",
      "raw-metrics/hand-placed/year=2025/month=02/day=26/x.jsonl",
      "raw-metrics/year=2025/month=02/day=29/x.jsonl", // 2025 is no leap year
      "raw-metrics/year=2025/month=04/day=31/x.jsonl",
      "raw-metrics/year=2025/month=13/day=01/x.jsonl",
      "raw-metrics/year=2025/month=1/day=01/x.jsonl",
    ]) {
      expect(partitionDayMs(key), key).to.equal(undefined);
    }
  });

  it("re-opens from two days back to the catch-up window's last day, both included", () => {
    const now = new Date("2025-03-01T00:00:00.000Z");
    expect(needsReopen(day("2025-03-01"), now, 30)).to.equal(false);
    expect(needsReopen(day("2025-02-28"), now, 30)).to.equal(false);
    expect(needsReopen(day("2025-02-27"), now, 30)).to.equal(true);
    expect(needsReopen(day("2025-01-30"), now, 30)).to.equal(true);
    expect(needsReopen(day("2025-01-29"), now, 30)).to.equal(false);
    // A day in the future (a producer's clock ahead) is no compacted day.
    expect(needsReopen(day("2025-03-05"), now, 30)).to.equal(false);
    // The last millisecond of the day counts the same as its first.
    expect(needsReopen(day("2025-02-27"), new Date("2025-03-01T23:59:59.999Z"), 30)).to.equal(true);
  });

  it("names one run per 15-minute slot, within Step Functions' 80 characters", () => {
    expect(reopenExecutionName(new Date("2025-03-01T10:05:00Z"))).to.equal(
      "late-objects-20250301T1000",
    );
    expect(reopenExecutionName(new Date("2025-03-01T10:14:59.999Z"))).to.equal(
      "late-objects-20250301T1000",
    );
    expect(reopenExecutionName(new Date("2025-03-01T10:15:00Z"))).to.equal(
      "late-objects-20250301T1015",
    );
    expect(reopenExecutionName(new Date("2025-12-31T23:59:59Z"))).to.equal(
      "late-objects-20251231T2345",
    );
    // With the object's own 17-character suffix: 43 characters.
    expect(`${reopenExecutionName(new Date())}-0123456789abcdef`).to.have.length(43);
  });
});
