import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  BUNDLE_FILE,
  MANIFEST_FILE,
  PREBUILT_DIR,
  type HandlerManifest,
  type HandlerName,
} from "../../functions/bundles";

/** Loaded from the TypeScript sources (this repository), not from the published dist/. */
const FROM_SOURCE = __filename.endsWith(".ts");

/**
 * The handler's code. The published package deploys the bundle its build wrote into
 * dist/handlers, checked against the hash shipped beside it, so the consumer's dependency tree
 * cannot change the deployed bytes. From the repository's sources it bundles the current code.
 */
export function handlerCode(name: HandlerName): string {
  if (FROM_SOURCE) {
    // esbuild is a devDependency: only the source tree may load the bundler. Typed by hand:
    // a type import would compile the bundler into the published dist/.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const build = require("../../functions/build") as {
      bundleHandler(n: HandlerName): { code: string };
    };
    return build.bundleHandler(name).code;
  }
  return readPrebuilt(path.resolve(__dirname, "..", "..", PREBUILT_DIR), name);
}

/** A prebuilt bundle from dir, refused when its bytes differ from the manifest's hash. */
export function readPrebuilt(dir: string, name: HandlerName): string {
  const manifest = JSON.parse(
    readFileSync(path.join(dir, MANIFEST_FILE), "utf8"),
  ) as HandlerManifest;
  const entry = manifest[name];
  if (!entry) throw new Error(`${MANIFEST_FILE} in ${dir} lists no ${name} bundle`);
  const code = readFileSync(path.join(dir, entry.file));
  const sha256 = createHash("sha256").update(code).digest("hex");
  if (sha256 !== entry.sha256) {
    throw new Error(
      `the ${name} bundle in ${dir} has sha256 ${sha256}, the manifest says ${entry.sha256}: reinstall the package`,
    );
  }
  return code.toString("utf8");
}

/** The handler's deployment package: index.mjs alone; the function's handler is "index.handler". */
export function handlerArchive(name: HandlerName): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({
    [BUNDLE_FILE]: new pulumi.asset.StringAsset(handlerCode(name)),
  });
}
