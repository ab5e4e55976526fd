import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { stackConfigSchema } from "../config/stack-config";
import { mockedSuite, settled, setStackConfig } from "./helpers/pulumi-mocks";

const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");

/** The anchors GitHub gives the README's headings. */
const anchors = new Set(
  [...readme.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
    (heading ?? "")
      .toLowerCase()
      .replace(/[^\w\- ]/g, "")
      .replace(/ /g, "-"),
  ),
);

describe("the README", () => {
  mockedSuite();

  it("has the runbook section every alarm description links to", async () => {
    const file = join(__dirname, "..", "Pulumi.prod.yaml");
    setStackConfig(
      (parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config,
    );
    const program = (await import("../index.js")).default as unknown as () => unknown;
    program();
    const alarms = (await settled()).filter((r) =>
      /cloudwatch\/(metricAlarm|compositeAlarm)/.test(r.type),
    );
    const links = alarms.map(
      (a) => /README\.md#([\w-]+)/.exec(String(a.inputs.alarmDescription))?.[1],
    );
    expect(alarms.length).to.be.greaterThan(20);
    expect(links.filter((l) => l === undefined || !anchors.has(l))).to.deep.equal([]);
  });

  it("documents every stack config key", () => {
    const documented = [...readme.matchAll(/^\| `([\w.]+)`\s+\|/gm)].map(
      ([, key]) => (key ?? "").split(".")[0],
    );
    expect(documented).to.include.members(Object.keys(stackConfigSchema.shape));
  });
});
