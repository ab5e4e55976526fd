import { expect } from "chai";
import {
  captureWarnings,
  constructionError,
  mockedSuite,
  settled,
} from "../../helpers/pulumi-mocks";
import { workflowArgs } from "../collector-workflow/fixtures";
import type * as Components from "../../../components";

let C: typeof Components;
const base = { environment: "test", metricSource: "synthetic", alertEmails: ["ops@example.com"] };
const WHOLE = "MonitoringPipeline";

/** Invalid cron() expressions and what each is refused for, as the schedule rules read. */
const BAD_CRONS: readonly [string, string][] = [
  [
    "cron(0 */3 * * *)",
    "cron() needs 6 fields (minutes hours day-of-month month day-of-week year), got 5",
  ],
  ["cron(0 25 * * ? *)", 'cron(): hours "25" is not 0-23'],
  ["cron(60 * * * ? *)", 'cron(): minutes "60" is not 0-59'],
  ["cron(0 0 ? * 9 *)", 'cron(): day-of-week "9" is not 1-7 or SUN-SAT'],
  ["cron(5-2 * * * ? *)", 'cron(): minutes "5-2" runs from a higher to a lower value'],
  ["cron(0 0 ? * FRI-MON *)", 'cron(): day-of-week "FRI-MON" runs from a higher to a lower value'],
  ["cron(0 */0 * * ? *)", 'cron(): hours "*/0" has a bad step'],
  ["cron(0 0 * * * *)", "cron() needs ? in exactly one of day-of-month and day-of-week"],
];

describe("MonitoringPipeline: mistakes named before any resource", () => {
  mockedSuite(async () => {
    C = await import("../../../components/index.js");
  });

  for (const [cron, why] of BAD_CRONS) {
    it(`names the component and schedule for ${cron}, with the other problems`, async () => {
      const message = constructionError(
        () =>
          new C.MonitoringPipeline("mp-cron", {
            ...base,
            schedule: cron,
            alertEmails: ["nobody"],
          }),
      );
      expect(message).to.equal(
        [
          `${WHOLE} mp-cron: invalid arguments:`,
          `  - workflow: schedule "${cron}" ${why}`,
          `  - alerting: schedule "${cron}" ${why}`,
          '  - alerting: alertEmails: "nobody" is not an e-mail address',
        ].join("\n"),
      );
      expect((await settled()).map((r) => r.type)).to.deep.equal([
        "infra-monitoring-pipeline:index:MonitoringPipeline",
      ]);
    });
  }

  it("names the schedule of each part built alone, and the compaction's", () => {
    const [cron, why] = BAD_CRONS[0]!;
    expect(
      constructionError(() => new C.CollectorWorkflow("cw-cron", workflowArgs({ schedule: cron }))),
    ).to.equal(`CollectorWorkflow cw-cron: invalid arguments:\n  - schedule "${cron}" ${why}`);
    expect(
      constructionError(
        () =>
          new C.AnalyticsCatalog("ac-cron", {
            environment: "test",
            lakeBucketName: "lake",
            lakeBucketArn: "arn:aws:s3:::lake",
            compaction: { schedule: "cron(0 25 * * ? *)" },
          }),
      ),
    ).to.equal(
      'AnalyticsCatalog ac-cron: invalid arguments:\n  - compaction.schedule "cron(0 25 * * ? *)" cron(): hours "25" is not 0-23',
    );
  });

  it("names an unknown time zone alone, without reading the cron() in it", () => {
    expect(
      constructionError(
        () =>
          new C.CollectorWorkflow(
            "cw-zone",
            workflowArgs({ schedule: "cron(0 */3 * * ? *)", scheduleTimezone: "Mars/Olympus" }),
          ),
      ),
    ).to.equal(
      'CollectorWorkflow cw-zone: invalid arguments:\n  - scheduleTimezone "Mars/Olympus" is not an IANA time zone such as Europe/Dublin',
    );
  });

  it("refuses a second pipeline with the same namePrefix, before any of its resources", async () => {
    new C.MonitoringPipeline("first", { ...base, namePrefix: "shared" });
    const before = (await settled()).length;
    const message = constructionError(
      () =>
        new C.MonitoringPipeline("second", { ...base, namePrefix: "shared", alertEmails: ["x"] }),
    );
    expect(message).to.equal(
      [
        `${WHOLE} second: invalid arguments:`,
        '  - namePrefix "shared" is already used by MonitoringPipeline first in this program: physical names (functions, alarms, dashboard) would collide; give each pipeline its own',
        '  - alerting: alertEmails: "x" is not an e-mail address',
      ].join("\n"),
    );
    const after = await settled();
    expect(after.slice(before).map((r) => `${r.type} ${r.name}`)).to.deep.equal([
      "infra-monitoring-pipeline:index:MonitoringPipeline second",
    ]);
    // A pipeline named like the other's prefix, without a prefix of its own, collides too.
    expect(constructionError(() => new C.MonitoringPipeline("shared", base))).to.contain(
      'namePrefix "shared" is already used by MonitoringPipeline first',
    );
  });

  it("warns once for a fraction threshold, with the likely percentage, and deploys it", async () => {
    const warnings = await captureWarnings(
      () =>
        new C.MonitoringPipeline("mp-frac", {
          ...base,
          thresholds: { cpu: 0.8, memory: 1, disk: 85, errorRate: 0.5 },
        }),
    );
    expect(warnings.filter((w) => w.includes("thresholds."))).to.deep.equal([
      "MonitoringPipeline: thresholds.cpu is 0.8 %: thresholds are percentages; did you mean 80?",
      "MonitoringPipeline: thresholds.memory is 1 %: thresholds are percentages; did you mean 100?",
    ]);
  });

  it("warns for a fraction threshold of a part built alone, and not above 1 %", async () => {
    const warnings = await captureWarnings(
      () =>
        new C.CollectorWorkflow(
          "cw-frac",
          workflowArgs({ thresholds: { disk: 0.855, cpu: 1.5, errorRate: 0.2 } }),
        ),
    );
    expect(warnings.filter((w) => w.includes("thresholds."))).to.deep.equal([
      "CollectorWorkflow: thresholds.disk is 0.855 %: thresholds are percentages; did you mean 85.5?",
    ]);
  });
});
