import { expect } from "chai";
import { formatCell, formatTable } from "../../local/table";

describe("query result table", () => {
  it("pads columns to their widest cell, numbers to the right", () => {
    const text = formatTable(
      ["instance_id", "avg_cpu", "samples"],
      [
        ["i-0a", 12.345, "2"],
        ["a-much-longer-host", 7, "12"],
      ],
    );
    expect(text.split("\n")).to.deep.equal([
      "instance_id         avg_cpu  samples",
      "------------------  -------  -------",
      "i-0a                  12.35        2",
      "a-much-longer-host        7       12",
      "(2 rows)",
    ]);
  });

  it("indents, and can leave the row count out", () => {
    expect(formatTable(["a"], [["x"]], { indent: "  ", rowCount: false })).to.equal(
      "  a\n  -\n  x",
    );
  });

  it("shows NULL, objects as JSON, and an empty result with its header", () => {
    expect(formatCell(null)).to.equal("NULL");
    expect(formatCell({ collection_method: "host" })).to.equal('{"collection_method":"host"}');
    expect(formatTable(["source", "lines"], [])).to.equal("source  lines\n------  -----\n(0 rows)");
  });
});
