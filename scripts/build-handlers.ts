/** `npm run build`'s second step: the handler bundles and their hashes, into dist/handlers. */
import path from "node:path";
import { PREBUILT_DIR } from "../functions/bundles";
import { writeHandlerBundles } from "../functions/build";

const manifest = writeHandlerBundles(path.resolve(__dirname, "..", "dist", PREBUILT_DIR));
for (const [name, { sha256 }] of Object.entries(manifest)) console.log(`${name} ${sha256}`);
