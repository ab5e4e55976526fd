import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { promisify } from "node:util";
import path from "node:path";
import { handlerArchive } from "../../components/collector-workflow/handler-archive";
import { COLD_START_ENV } from "../../bench/cold-import";
import { bundleHandler, HANDLER_NAMES } from "../../functions/build";

const run = promisify(execFile);

describe("handler bundles", function () {
  this.timeout(60_000);

  for (const name of HANDLER_NAMES) {
    describe(name, () => {
      const first = bundleHandler(name);

      it("is byte-identical when built again from the same source", () => {
        const second = bundleHandler(name);
        expect(second.sha256).to.equal(first.sha256);
        expect(second.code === first.code).to.equal(true);
      });

      it("is an ES module exporting handler, with no machine path in it", () => {
        expect(first.code).to.match(
          /export\s*\{[^}]*\bas handler\b[^}]*\}|export\s*\{[^}]*\bhandler\b/,
        );
        const repoRoot = path.resolve(__dirname, "..", "..");
        for (const p of [repoRoot, path.dirname(repoRoot), homedir(), tmpdir(), "node_modules/"]) {
          expect(first.code.includes(p), `bundle contains ${p}`).to.equal(false);
        }
      });

      it("loads on its own, away from any node_modules", async () => {
        const dir = await mkdtemp(path.join(tmpdir(), "bundle-"));
        try {
          await writeFile(path.join(dir, "index.mjs"), first.code);
          const { stdout } = await run(
            process.execPath,
            [
              "--input-type=module",
              "-e",
              'const m = await import("./index.mjs"); console.log(typeof m.handler);',
            ],
            { cwd: dir, env: { ...COLD_START_ENV, PATH: process.env.PATH ?? "" } },
          );
          expect(stdout.trim()).to.equal("function");
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
    });
  }

  it("wraps the bundle as index.mjs in a Pulumi AssetArchive", async () => {
    const archive = handlerArchive("log-processor");
    expect(archive).to.be.instanceOf(pulumi.asset.AssetArchive);
    const assets = await archive.assets;
    expect(Object.keys(assets)).to.deep.equal(["index.mjs"]);
    const asset = assets["index.mjs"];
    expect(asset).to.be.instanceOf(pulumi.asset.StringAsset);
    expect(await (asset as pulumi.asset.StringAsset).text).to.equal(
      bundleHandler("log-processor").code,
    );
  });
});
