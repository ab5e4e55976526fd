/**
 * `npm run build`'s third step: the compiled JavaScript without comments. The declarations
 * keep every JSDoc line (editors show them); the code's comments only weigh on every install.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const dist = path.resolve(__dirname, "..", "dist");
const SKIP = new Set(["handlers"]);

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : jsFiles(p);
    return e.name.endsWith(".js") ? [p] : [];
  });
}

// The same CommonJS, reprinted by TypeScript's own printer without its comments.
const printer = ts.createPrinter({ removeComments: true });

let before = 0;
let after = 0;
for (const file of jsFiles(dist)) {
  const source = readFileSync(file, "utf8");
  const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const code = printer.printFile(parsed);
  writeFileSync(file, code);
  before += source.length;
  after += code.length;
}
console.log(`comments stripped: ${before} -> ${after} bytes of JavaScript`);
