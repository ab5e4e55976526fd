/**
 * `npm run build`'s third step: the compiled JavaScript without comments. The declarations
 * keep every JSDoc line (editors show them); the code's comments only weigh on every install.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { transformSync } from "esbuild";

const dist = path.resolve(__dirname, "..", "dist");
const SKIP = new Set(["handlers"]);

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : jsFiles(p);
    return e.name.endsWith(".js") ? [p] : [];
  });
}

let before = 0;
let after = 0;
for (const file of jsFiles(dist)) {
  const source = readFileSync(file, "utf8");
  // No format, target or minification: the same CommonJS, reprinted without its comments.
  const { code } = transformSync(source, { loader: "js", legalComments: "none", charset: "utf8" });
  writeFileSync(file, code);
  before += source.length;
  after += code.length;
}
console.log(`comments stripped: ${before} -> ${after} bytes of JavaScript`);
