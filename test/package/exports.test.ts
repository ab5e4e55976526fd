import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

/**
 * What another Pulumi project gets from `npm install infra-monitoring-pipeline`: the compiled
 * dist/ that package.json's `exports` and `types` point at, built as `npm pack` builds it.
 */
describe("the published package", function () {
  this.timeout(120_000);
  before(() => {
    rmSync(join(root, "dist"), { recursive: true, force: true });
    execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root });
  });

  it("exports the facade, the four components and OrganizationAccess, and the record schemas on /schemas", () => {
    const script = `
      const api = { ...require("infra-monitoring-pipeline"), ...require("infra-monitoring-pipeline/schemas") };
      const record = { timestamp: "2026-02-20T07:57:00Z", instance_id: "i-1", region: "us-east-1",
        metric_type: "cpu", value: 45.2, unit: "percent",
        metadata: { collection_method: "cloudwatch", pipeline_version: "1.0" } };
      console.log(JSON.stringify({
        types: ["MonitoringPipeline", "MetricStore", "CollectorWorkflow", "AlertingStack", "AnalyticsCatalog", "OrganizationAccess"].map((n) => api[n].TYPE),
        record: api.metricRecordSchema.parse(record).unit,
        log: typeof api.logLineSchema.parse,
      }));`;
    // Resolved by package name from inside the package: Node's self-reference goes through `exports`.
    const out = execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
    expect(JSON.parse(out)).to.deep.equal({
      types: [
        "infra-monitoring-pipeline:index:MonitoringPipeline",
        "infra-monitoring-pipeline:index:MetricStore",
        "infra-monitoring-pipeline:index:CollectorWorkflow",
        "infra-monitoring-pipeline:index:AlertingStack",
        "infra-monitoring-pipeline:index:AnalyticsCatalog",
        "infra-monitoring-pipeline:index:OrganizationAccess",
      ],
      record: "Percent",
      log: "function",
    });
  });

  it("ships no bundler and no handler sources: only the prebuilt bundles", () => {
    expect(existsSync(join(root, "dist", "functions", "build.js"))).to.equal(false);
    expect(existsSync(join(root, "dist", "functions", "log-processor"))).to.equal(false);
  });

  it("type-checks a consumer program against the published declarations", () => {
    const file = join(root, "dist", "consumer-check.ts");
    writeFileSync(
      file,
      `import { MetricStore, type MetricStoreArgs } from "infra-monitoring-pipeline";
       import { metricRecordSchema, type MetricRecord } from "infra-monitoring-pipeline/schemas";
       const args: MetricStoreArgs = { lifecycle: { expireDays: 180 } };
       export const store = new MetricStore("metrics", args);
       export const parsed: MetricRecord = metricRecordSchema.parse({});
       // @ts-expect-error: the args are typed, a wrong field type does not compile
       export const bad: MetricStoreArgs = { hotTableTtlDays: "seven" };
      `,
    );
    try {
      execFileSync(
        process.execPath,
        [
          tsc,
          "--noEmit",
          "--strict",
          "--skipLibCheck",
          "--module",
          "node16",
          "--moduleResolution",
          "node16",
          file,
        ],
        { cwd: root, encoding: "utf8" },
      );
    } finally {
      rmSync(file);
    }
  });
});
