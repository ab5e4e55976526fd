import { expect } from "chai";
import { Readable } from "node:stream";
import { type Line, readLineBatches } from "../../functions/log-processor/line-reader";

async function linesOf(chunks: (string | Buffer)[], maxChars?: number): Promise<Line[]> {
  const out: Line[] = [];
  for await (const batch of readLineBatches(Readable.from(chunks), maxChars)) out.push(...batch);
  return out;
}

describe("line reader", () => {
  it("joins a line split across chunks, drops a BOM and CRs, returns a last line without newline", async () => {
    expect(await linesOf(["\uFEFFab", "c\r\nde", "f\n", "gh"])).to.deep.equal(["abc", "def", "gh"]);
  });

  it("keeps a multi-byte character split between chunks", async () => {
    const bytes = Buffer.from("é界\n");
    expect(
      await linesOf([bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)]),
    ).to.deep.equal(["é界"]);
  });

  it("returns a line at the bound as is, and one over it as its head and length, whichever chunk it ends in", async () => {
    const lines = await linesOf(["12345", "67\n1234", "5678", "9\nabc", "defghijk"], 8);
    expect(lines).to.deep.equal([
      "1234567",
      { head: "123456789", chars: 9 },
      { head: "abcdefghijk", chars: 11 },
    ]);
  });

  it("keeps only the first characters of a huge line", async () => {
    const chunk = "y".repeat(65_536);
    const lines = await linesOf([...Array.from({ length: 10 }, () => chunk), "\nnext"]);
    expect(lines).to.have.length(2);
    const [huge] = lines as [{ head: string; chars: number }, string];
    expect(huge.chars).to.equal(655_360);
    // A quarantined line keeps its first 1,024 characters.
    expect(huge.head).to.have.length(1024);
    expect(lines[1]).to.equal("next");
  });
});
