import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

export const HANDLER_NAMES = ["data-collector", "log-processor"] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

/** The file inside the archive; the Lambda handler setting is "index.handler". */
export const BUNDLE_FILE = "index.mjs";

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
 * Bundles one handler into a single minified ES module, AWS SDK v3 clients included and
 * tree-shaken. Pure and deterministic: the same sources give the same bytes, and paths are
 * relative to the package root so no machine path ends up in the code.
 */
export function bundleHandler(name: HandlerName): HandlerBundle {
  const { entry, root } = entryPoint(name);
  const result = buildSync({
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
      "@aws-sdk/credential-provider-node": path.join(
        path.dirname(entry),
        "..",
        "shared",
        "lambda-credentials.ts",
      ),
    },
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${name}`);
  const code = output.text;
  return { code, sha256: createHash("sha256").update(code).digest("hex") };
}
