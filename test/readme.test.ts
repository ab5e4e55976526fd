import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readPage, ROOT } from "./docs/markdown";

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const scripts = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;

describe("the README", () => {
  it("is read in five minutes: under 120 lines", () => {
    expect(readme.split("\n").length).to.be.below(120);
  });

  it("gives the two commands first, and both are the package's scripts", () => {
    const [first] = readPage("README.md").codeBlocks;
    const commands = (first?.code ?? "").split("\n").map((l) => l.replace(/\s+#.*$/, ""));
    expect(commands).to.deep.equal(["npm ci && npm start", "npm test"]);
    expect(scripts.start).to.be.a("string");
    // "typecheck, lint and every test", as the README says.
    expect(scripts.test).to.equal("npm run typecheck && npm run lint && npm run test:unit");
    expect(scripts["test:unit"]).to.equal("mocha 'test/**/*.test.ts'");
  });

  it("draws the pipeline in three lines and shows the dashboard", () => {
    const [, picture] = readPage("README.md").codeBlocks;
    expect(picture?.code.split("\n")).to.have.length(3);
    expect(readme).to.include("](docs/local-dashboard.png)");
  });
});
