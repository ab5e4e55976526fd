import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readPrebuilt } from "../../components/collector-workflow/handler-archive";
import { bundleHandler, writeHandlerBundles } from "../../functions/build";

describe("prebuilt handler bundles", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "handlers-"));
    writeHandlerBundles(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads back exactly the bytes the build wrote", () => {
    expect(readPrebuilt(dir, "data-collector")).to.equal(bundleHandler("data-collector").code);
  });

  it("refuses a bundle whose bytes differ from the manifest's hash", () => {
    writeFileSync(path.join(dir, "log-processor", "index.mjs"), "export const handler = 1;");
    expect(() => readPrebuilt(dir, "log-processor")).to.throw(/the manifest says/);
  });

  it("refuses a handler the manifest does not list", () => {
    writeFileSync(path.join(dir, "manifest.json"), "{}");
    expect(() => readPrebuilt(dir, "data-collector")).to.throw(/lists no data-collector bundle/);
  });
});
