import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { localPaths } from "../../local/layout";
import { formatCsv, formatJson } from "../../local/table";
import { metricLine } from "../functions/fixtures";
import { npmScript } from "../helpers/processes";

const query = (...args: string[]) => npmScript("query", "--", ...args);

describe("npm run query: data folders and output formats", function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "query-cli-"));
    // One lake object as s3rver keeps it on disk, from now (the query looks at recent days).
    const now = new Date().toISOString();
    const [y, mo, d, h] = now.slice(0, 13).split(/[-T]/);
    const hour = path.join(
      localPaths(dir).lake,
      `raw-metrics/year=${y}/month=${mo}/day=${d}/hour=${h}`,
    );
    mkdirSync(hour, { recursive: true });
    // Two readings a second apart: one at the same instant would be the same record, kept once.
    const before = new Date(Date.parse(now) - 1000).toISOString();
    writeFileSync(
      path.join(hour, "cpu-x.jsonl._S3rver_object"),
      `${metricLine({ instance_id: "a,b", value: 40, timestamp: before })}\n` +
        `${metricLine({ instance_id: "a,b", value: 60, timestamp: now })}\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 2 naming a data folder that does not exist", async () => {
    const missing = path.join(dir, "nowhere");
    const out = await query("avg-cpu-by-instance", "--data-dir", missing);
    expect(out.code).to.equal(2);
    expect(out.stderr).to.contain(`no data folder at ${missing}`);
    expect(out.stdout).to.equal("");
  });

  it("exits 2 for a data folder with no lake, rather than printing (0 rows)", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "query-empty-"));
    try {
      const out = await query("avg-cpu-by-instance", "--data-dir", empty);
      expect(out.code).to.equal(2);
      expect(out.stderr).to.contain("has no lake yet");
      expect(out.stdout).not.to.contain("(0 rows)");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("--format csv prints RFC 4180 rows only, quoting a comma", async () => {
    const out = await query("avg-cpu-by-instance", "--data-dir", dir, "--format", "csv");
    expect(out.code, out.stderr).to.equal(0);
    expect(out.stdout).to.equal(
      'instance_id,avg_cpu,max_cpu,min_cpu,samples\r\n"a,b",50,60,40,2\n',
    );
  });

  it("--format json prints an array of objects, nothing else", async () => {
    const out = await query("avg-cpu-by-instance", "--data-dir", dir, "--format", "json");
    expect(out.code, out.stderr).to.equal(0);
    expect(JSON.parse(out.stdout)).to.deep.equal([
      { instance_id: "a,b", avg_cpu: 50, max_cpu: 60, min_cpu: 40, samples: "2" },
    ]);
  });

  it("rejects an unknown format with the usage, exit 2", async () => {
    const out = await query("avg-cpu-by-instance", "--data-dir", dir, "--format", "xml");
    expect(out.code).to.equal(2);
    expect(out.stderr).to.contain('--format must be one of table, csv, json (got "xml")');
  });
});

describe("CSV and JSON formatting", () => {
  it("quotes quotes, line breaks and commas; NULL is an empty field; objects as JSON", () => {
    expect(
      formatCsv(
        ["a", "b", "c"],
        [
          ['say "hi"', null, { k: 1 }],
          ["x\ny", 1.5, true],
        ],
      ),
    ).to.equal('a,b,c\r\n"say ""hi""",,"{""k"":1}"\r\n"x\ny",1.5,true');
    expect(formatCsv(["a"], [])).to.equal("a");
  });

  it("keys JSON rows by column, filling short rows with null", () => {
    expect(JSON.parse(formatJson(["a", "b"], [[1], [2, "x"]]))).to.deep.equal([
      { a: 1, b: null },
      { a: 2, b: "x" },
    ]);
    expect(formatJson(["a"], [])).to.equal("[]");
  });
});
