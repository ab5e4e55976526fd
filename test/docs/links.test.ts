import { expect } from "chai";
import { existsSync } from "node:fs";
import path from "node:path";
import { markdownFiles, readPage, ROOT } from "./markdown";

const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/** Where a relative link points, and why it does not resolve (undefined when it does). */
function brokenLink(from: string, target: string): string | undefined {
  const [file = "", anchor] = target.split("#", 2);
  const resolved = file === "" ? from : path.normalize(path.join(path.dirname(from), file));
  if (resolved.startsWith("..")) return `${resolved} is outside the repository`;
  if (!existsSync(path.join(ROOT, resolved))) return `${resolved} does not exist`;
  if (anchor === undefined) return undefined;
  if (!resolved.endsWith(".md")) return `#${anchor} on ${resolved}, which has no headings`;
  if (!readPage(resolved).anchors.has(anchor)) return `${resolved} has no heading #${anchor}`;
  return undefined;
}

describe("the documentation's links", () => {
  const files = markdownFiles();

  it("covers the README and a page per topic", () => {
    expect(files).to.include.members([
      "README.md",
      "docs/runbooks.md",
      "docs/stack-config.md",
      "docs/components/monitoring-pipeline.md",
    ]);
  });

  it("resolve: every relative link names an existing file and, for an #anchor, a heading in it", () => {
    const broken = files.flatMap((file) =>
      readPage(file)
        .links.filter((l) => !EXTERNAL.test(l.target))
        .map((l) => ({ at: `${file}:${l.line}`, problem: brokenLink(file, l.target) }))
        .filter((l) => l.problem !== undefined),
    );
    expect(broken).to.deep.equal([]);
  });

  it("the README links to every docs page", () => {
    const linked = new Set(
      readPage("README.md").links.map((l) => path.normalize(l.target.split("#")[0] ?? "")),
    );
    expect(files.filter((f) => f !== "README.md" && !linked.has(f))).to.deep.equal([]);
  });

  it("reads headings and links as GitHub does: code spans, duplicates, punctuation", () => {
    // Fixed expectations for GitHub's anchor rules, checked against pages that have such headings.
    expect(readPage("docs/handlers.md").anchors).to.include(
      "checking-your-own-files-npm-run-ingest",
    );
    expect(readPage("docs/components/analytics-catalog.md").anchors).to.include(
      "the-curated-layer-parquet",
    );
    expect(readPage("docs/policy.md").anchors).to.include("the-policy-pack-policies");
  });
});
