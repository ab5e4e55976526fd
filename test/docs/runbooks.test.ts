import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { mockedSuite, settled, setStackConfig } from "../helpers/pulumi-mocks";
import { readPage, ROOT } from "./markdown";

describe("the runbooks alarm descriptions link to", () => {
  mockedSuite();

  it("every alarm of the prod stack links to a runbook heading in the page its link names", async () => {
    const file = path.join(ROOT, "Pulumi.prod.yaml");
    setStackConfig(
      (parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config,
    );
    const program = (await import("../../index.js")).default as unknown as () => unknown;
    program();
    const alarms = (await settled()).filter((r) =>
      /cloudwatch\/(metricAlarm|compositeAlarm)/.test(r.type),
    );
    expect(alarms.length).to.be.greaterThan(20);
    const unresolved = alarms
      .map((a) => ({
        alarm: a.name,
        link: /Runbook: (\S+)#([\w-]+)$/.exec(String(a.inputs.alarmDescription)),
      }))
      .filter(({ link }) => {
        if (!link) return true;
        const [, page = "", anchor = ""] = link;
        return !existsSync(path.join(ROOT, page)) || !readPage(page).anchors.has(anchor);
      })
      .map(({ alarm, link }) => `${alarm}: ${link?.[0] ?? "no runbook link"}`);
    expect(unresolved).to.deep.equal([]);
  });
});
