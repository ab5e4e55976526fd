import { expect } from "chai";
import { buildSync } from "esbuild";
import { readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bundleHandler } from "../../functions/build";
import { literalSchemaKeys, withPrunableSdkSchemas } from "../../functions/sdk-schema-keys";

const NODE_MODULES = path.resolve(__dirname, "..", "..", "node_modules");

/** A module's exports as text: the lazy schema references compare by their source. */
const asText = (exports: object) =>
  JSON.stringify(exports, (_key, value: unknown) =>
    typeof value === "function" ? `fn ${String(value)}` : value,
  );

/** The module and what it imports, as one ES module that loads from anywhere. */
const standalone = (file: string) =>
  buildSync({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    mainFields: ["module", "main"],
    nodePaths: [NODE_MODULES],
    logLevel: "silent",
  }).outputFiles[0]!.text;

describe("SDK schema keys spelled as literals", function () {
  this.timeout(120_000);

  it("spells each computed key that names a string constant as that string", () => {
    const source = [
      'const _h = "http";',
      'const _e = "error";',
      'export var A$ = [9, n0, { [_h]: ["GET", "/", 200], [_e]: _c, [_other]: 1 }];',
    ].join("\n");
    expect(literalSchemaKeys(source)).to.equal(
      source.replace("[_h]:", '["http"]:').replace("[_e]:", '["error"]:'),
    );
  });

  it("leaves a module with functions that take parameters as it is, since they could shadow", () => {
    for (const source of [
      'const _h = "http";\nexport const f = (_h) => ({ [_h]: 1 });',
      'const _h = "http";\nexport const f = _h => ({ [_h]: 1 });',
      'const _h = "http";\nexport function f(_h) { return { [_h]: 1 }; }',
    ]) {
      expect(literalSchemaKeys(source)).to.equal(source);
    }
  });

  it("gives every installed client's schemas exactly the values of the original", async () => {
    // Each schema module bundled on its own (the copies exist only while the callback runs).
    const bundles = withPrunableSdkSchemas(NODE_MODULES, (alias) =>
      Object.entries(alias).flatMap(([pkg, copy]) =>
        readdirSync(path.join(copy, "dist-es", "schemas"))
          .filter((f) => f.endsWith(".js"))
          .map((file) => ({
            name: `${pkg} ${file}`,
            before: standalone(path.join(NODE_MODULES, pkg, "dist-es", "schemas", file)),
            after: standalone(path.join(copy, "dist-es", "schemas", file)),
          })),
      ),
    );
    const dir = await mkdtemp(path.join(tmpdir(), "schemas-"));
    try {
      for (const [i, b] of bundles.entries()) {
        const load = async (code: string, tag: string) => {
          const file = path.join(dir, `${i}-${tag}.mjs`);
          await writeFile(file, code);
          return asText((await import(pathToFileURL(file).href)) as object);
        };
        expect(await load(b.after, "after"), b.name).to.equal(await load(b.before, "before"));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(bundles.map((b) => b.name)).to.include.members([
      "@aws-sdk/client-s3 schemas_0.js",
      "@aws-sdk/client-dynamodb schemas_0.js",
    ]);
  });

  it("lets the bundle drop the operations a handler never sends", () => {
    const { code } = bundleHandler("log-processor");
    // Sent by the processor (the multipart ones by the quarantine upload).
    for (const op of ["GetObject", "HeadObject", "CreateMultipartUpload", "BatchWriteItem"]) {
      expect(code).to.include(`"${op}"`);
    }
    for (const op of ["PutBucketNotificationConfiguration", "DeleteBucketPolicy", "CreateTable"]) {
      expect(code).not.to.include(op);
    }
  });
});
