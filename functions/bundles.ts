/**
 * What the package build writes and the components read: the handlers' names, the file inside
 * each archive, and where the prebuilt bundles and their hashes live. No esbuild here, so the
 * published components can load it.
 */
export const HANDLER_NAMES = ["data-collector", "log-processor"] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

/** The file inside the archive; the Lambda handler setting is "index.handler". */
export const BUNDLE_FILE = "index.mjs";

/** Where the package build writes the handler bundles, relative to the package's dist/. */
export const PREBUILT_DIR = "handlers";

/** The bundles' hashes, beside them. */
export const MANIFEST_FILE = "manifest.json";

/** `{ "<handler>": { "file": "<handler>/index.mjs", "sha256": "…" } }` */
export type HandlerManifest = Record<
  HandlerName,
  { readonly file: string; readonly sha256: string }
>;
