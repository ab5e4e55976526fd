import { expect } from "chai";
import { LAKE_RECORD_BYTES } from "../../components/analytics-catalog/scan-model";
import { collectorObjects, measureRecordBytes } from "../../scripts/check/record-bytes";

describe("bytes per lake record, measured from the code that writes it", function () {
  this.timeout(120_000);

  it("the collector writes 7 records per instance and minute, as JSON Lines", async () => {
    const objects = await collectorObjects(2, 60, 1);
    const lines = [...objects.values()].flatMap((b) => b.split("\n").filter((l) => l !== ""));
    expect(lines).to.have.length(2 * 7 * 60);
    expect(JSON.parse(lines[0] ?? "{}")).to.include.keys("timestamp", "instance_id", "value");
  });

  it("the scan model's figures are the measured ones, rounded up", async () => {
    const m = await measureRecordBytes(100, 60, 3);
    expect(m.records).to.equal(100 * 7 * 180);
    expect(m.rawBytesPerRecord).to.be.within(LAKE_RECORD_BYTES.raw - 1, LAKE_RECORD_BYTES.raw);
    expect(m.curatedBytesPerRecord).to.be.within(
      LAKE_RECORD_BYTES.curated - 1,
      LAKE_RECORD_BYTES.curated,
    );
  });
});
