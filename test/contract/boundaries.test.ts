import { expect } from "chai";
import { cycles, importGraph, sourceFiles } from "./import-graph";

/** The imports that break a layer: `from -> to` for every edge `allowed` refuses. */
function violations(
  graph: Map<string, string[]>,
  from: (file: string) => boolean,
  allowed: (target: string) => boolean,
): string[] {
  return [...graph]
    .filter(([file]) => from(file))
    .flatMap(([file, targets]) => targets.filter((t) => !allowed(t)).map((t) => `${file} -> ${t}`));
}

/** A component's public entry: its folder's index.ts, or the package's components/index.ts. */
const isComponentEntry = (t: string) => /^components\/([a-z-]+\/)?index\.ts$/.test(t);
const isComponentInternal = (t: string) => t.startsWith("components/") && !isComponentEntry(t);

describe("layer boundaries, measured from the sources' imports", function () {
  this.timeout(60_000);
  const files = sourceFiles();
  const graph = importGraph(files);

  it("reads the sources: contract/, components/, config/, functions/ and local/ are all there", () => {
    const layers = new Set(files.map((f) => f.split("/")[0]));
    for (const layer of ["contract", "components", "config", "functions", "local"]) {
      expect(layers.has(layer), layer).to.equal(true);
    }
    expect(graph.get("contract/metric-record.ts")).to.include("contract/metric-types.ts");
  });

  it("has no import cycle", () => {
    expect(cycles(graph)).to.deep.equal([]);
  });

  it("finds a cycle when there is one (the measure itself)", () => {
    const looped = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(cycles(looped)).to.deep.equal([["a.ts", "b.ts", "c.ts"]]);
  });

  it("contract/ imports nothing of ours outside itself", () => {
    const out = violations(
      graph,
      (f) => f.startsWith("contract/"),
      (t) => t.startsWith("contract/"),
    );
    expect(out).to.deep.equal([]);
  });

  it("config/, functions/ and local/ reach components only through their index.ts", () => {
    const out = violations(
      graph,
      (f) => /^(config|functions|local)\//.test(f),
      (t) => !isComponentInternal(t),
    );
    expect(out).to.deep.equal([]);
  });

  it("functions/ imports no component, config, local run or policy", () => {
    const out = violations(
      graph,
      (f) => f.startsWith("functions/"),
      (t) => !/^(components|config|local|policies)\//.test(t),
    );
    expect(out).to.deep.equal([]);
  });
});
