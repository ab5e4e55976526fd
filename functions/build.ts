import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

import {
  BUNDLE_FILE,
  HANDLER_NAMES,
  MANIFEST_FILE,
  type HandlerManifest,
  type HandlerName,
} from "./bundles";
import { withPrunableSdkSchemas } from "./sdk-schema-keys";

export { BUNDLE_FILE, HANDLER_NAMES, type HandlerName };

/** Some bundled CommonJS dependencies call require(); ESM output has none of its own. */
const REQUIRE_SHIM =
  'import{createRequire as __createRequire}from"node:module";const require=__createRequire(import.meta.url);';

export interface HandlerBundle {
  readonly code: string;
  readonly sha256: string;
}

/**
 * The handler's TypeScript entry. From the source tree it sits beside this module; from the
 * compiled dist/functions/ the sources shipped in the package's functions/ folder are used.
 */
function entryPoint(name: HandlerName): { entry: string; root: string } {
  const candidates = [
    { entry: path.join(__dirname, name, "index.ts"), root: path.resolve(__dirname, "..") },
    {
      entry: path.resolve(__dirname, "..", "..", "functions", name, "index.ts"),
      root: path.resolve(__dirname, "..", ".."),
    },
  ];
  const found = candidates.find((c) => existsSync(c.entry));
  if (!found) {
    throw new Error(
      `handler source for ${name} not found (looked for ${candidates.map((c) => c.entry).join(", ")})`,
    );
  }
  return found;
}

/**
 * Bundles one entry module into a single minified ES module the way every handler ships, AWS
 * SDK v3 clients included and tree-shaken. Pure and deterministic: the same sources give the
 * same bytes, and paths are relative to `root` so no machine path ends up in the code.
 */
export function bundleModule(entry: string, root: string): string {
  const nodeModules = path.join(root, "node_modules");
  const result = withPrunableSdkSchemas(nodeModules, (sdkAliases) =>
    buildSync({
      entryPoints: [entry],
      absWorkingDir: root,
      bundle: true,
      write: false,
      outfile: BUNDLE_FILE,
      format: "esm",
      platform: "node",
      target: "node22",
      mainFields: ["module", "main"],
      minify: true,
      treeShaking: true,
      sourcemap: false,
      legalComments: "none",
      charset: "utf8",
      banner: { js: REQUIRE_SHIM },
      // Lambda's credentials are always in the environment: the full chain is dead weight.
      alias: {
        ...sdkAliases,
        "@aws-sdk/credential-provider-node": path.join(
          root,
          "functions",
          "shared",
          "lambda-credentials.ts",
        ),
      },
      // The aliased SDK copies find their own dependencies here.
      nodePaths: [nodeModules],
      logLevel: "silent",
    }),
  );
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  return output.text;
}

/** One handler's bundle (see bundleModule) and its hash. */
export function bundleHandler(name: HandlerName): HandlerBundle {
  const { entry, root } = entryPoint(name);
  const code = bundleModule(entry, root);
  return { code, sha256: createHash("sha256").update(code).digest("hex") };
}

/**
 * Writes every handler's bundle and the manifest of their hashes under outDir. Run once when
 * the package is built: the published package ships these bytes and deploys them as they are.
 */
export function writeHandlerBundles(outDir: string): HandlerManifest {
  const manifest = {} as Record<HandlerName, { file: string; sha256: string }>;
  for (const name of HANDLER_NAMES) {
    const { code, sha256 } = bundleHandler(name);
    const file = `${name}/${BUNDLE_FILE}`;
    mkdirSync(path.join(outDir, name), { recursive: true });
    writeFileSync(path.join(outDir, file), code);
    manifest[name] = { file, sha256 };
  }
  writeFileSync(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
