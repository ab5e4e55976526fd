import { deflateRawSync } from "node:zlib";
import { BUNDLE_FILE, bundleHandler, type HandlerName } from "../functions/build";

export interface BundleSize {
  readonly minifiedKb: number;
  /** The deployment .zip as Pulumi builds it: index.mjs, deflated at the default level. */
  readonly archiveKb: number;
  readonly code: string;
}

/** Zip overhead for one entry: local header (30) + central directory entry (46) + end record (22). */
const ZIP_OVERHEAD = 30 + 46 + 22 + 2 * BUNDLE_FILE.length;

export function bundleSize(name: HandlerName): BundleSize {
  const { code } = bundleHandler(name);
  const bytes = Buffer.from(code);
  const deflated = deflateRawSync(bytes, { level: 6 }).length;
  return { minifiedKb: bytes.length / 1024, archiveKb: (deflated + ZIP_OVERHEAD) / 1024, code };
}
