/**
 * Small units, measured on the source itself: every function-like node with a body, in every
 * git-tracked non-test TypeScript file, spans at most 80 lines.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ROOT, sourceFiles } from "./import-graph";

const MAX_LINES = 80;

/** `file:line name (lines)` for each function-like node with a body longer than `max` lines. */
function longFunctions(file: string, text: string, max: number): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const lines = line(node.getEnd()) - line(node.getStart()) + 1;
      if (lines > max) found.push(`${file}:${line(node.getStart()) + 1} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the source's function sizes", () => {
  it(`has no function over ${MAX_LINES} lines`, () => {
    const files = sourceFiles();
    expect(files.length).to.be.above(200);
    const long = files.flatMap((f) =>
      longFunctions(f, readFileSync(path.join(ROOT, f), "utf8"), MAX_LINES),
    );
    expect(long).to.deep.equal([]);
  });

  it("finds a long function when there is one", () => {
    const body = Array.from({ length: MAX_LINES }, (_, i) => `  const v${i} = ${i};`).join("\n");
    const text = `export function long() {\n${body}\n}\nconst short = () => 1;\n`;
    expect(longFunctions("x.ts", text, MAX_LINES)).to.deep.equal(["x.ts:1 (82 lines)"]);
  });
});
