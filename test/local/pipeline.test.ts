import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MetricSource } from "../../functions/data-collector/sources/types";
import { HOST_METRICS } from "../../contract/emitted-metrics";
import { type Backend, embeddedBackend } from "../../local/backend";
import { localPaths, type LocalPaths } from "../../local/layout";
import { type Notification, NotificationLog } from "../../local/notifications";
import { createLocalPipeline } from "../../local/pipeline";
import { namedError } from "../../local/task-bindings";

/** One instance with fixed values: CPU above its threshold; disk collection denied. */
const fixedSource: MetricSource = {
  name: "fixed",
  windowed: false,
  countTargets: async () => 1,
  async collect({ metricType: type, at }) {
    if (type === "disk") throw namedError("AccessDeniedException", "no disk for you");
    const records = HOST_METRICS.filter((m) => m.metricType === type).map((m) => ({
      timestamp: at.toISOString(),
      instance_id: "box",
      region: "eu-west-1",
      metric_type: type,
      metric_name: m.name,
      value: m.name === "cpu_utilization" ? 85 : 10,
      unit: m.unit,
      metadata: { collection_method: "host", pipeline_version: "1.0" },
    }));
    return { records, missing: [], errors: [] };
  },
};

describe("local pipeline", () => {
  let paths: LocalPaths;
  let backend: Backend | undefined;

  beforeEach(() => (paths = localPaths(mkdtempSync(path.join(tmpdir(), "pipeline-")))));
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
    rmSync(paths.root, { recursive: true, force: true });
  });

  async function pipeline() {
    backend = await embeddedBackend(paths);
    const shown: Notification[] = [];
    const notifications = new NotificationLog(paths.notifications, (n) => shown.push(n));
    return {
      shown,
      run: createLocalPipeline({ backend, source: fixedSource, paths, notifications }),
    };
  }

  it("a cycle runs the definition, the collector and the processor, and reports each step", async () => {
    const { shown, run } = await pipeline();
    const names: string[] = [];
    const report = await run.runCycle(1, (name) => names.push(name));

    expect(names).to.deep.equal([report.execution]);
    expect(report.execution).to.match(/^local-\d{8}T\d{9}Z-1$/);
    expect(report.status).to.equal("partially_failed");
    expect(
      report.branches.map((b) => [b.metric_type, b.status, b.records, b.s3_keys.length]),
    ).to.deep.equal([
      ["cpu", "succeeded", 1, 1],
      ["memory", "succeeded", 1, 1],
      ["disk", "failed", 0, 0],
      ["network", "succeeded", 2, 1],
    ]);
    expect(report.branches[2]?.error).to.contain("AccessDeniedException");
    expect(report.branches[0]?.s3_keys[0]).to.match(
      /^raw-metrics\/year=\d{4}\/month=\d\d\/day=\d\d\/hour=\d\d\/cpu-\d{8}T\d{6}(\.\d{3})?Z-shard-0-of-1\.jsonl$/,
    );
    // The first cycle's window is the schedule's whole window (3 hours), ending 10 min back.
    expect(report.window.end.getTime() - report.window.start.getTime()).to.equal(3 * 3_600_000);
    // The processor saw the three objects through S3 events, and alerted on the CPU reading.
    expect(report.objects.map((o) => o.key).sort()).to.deep.equal(
      report.branches.flatMap((b) => b.s3_keys).sort(),
    );
    expect(report.objects.reduce((n, o) => n + o.violations, 0)).to.equal(1);
    expect(report.processorErrors).to.deep.equal([]);
    expect(report.alerts.map((a) => a.subject)).to.deep.equal([
      "[local] 1 threshold violation: box",
    ]);
    expect(report.collectionToAlertMs).to.be.a("number").and.to.be.at.least(0);
    expect(report.hotTableItems).to.equal(4);

    // The state machine's failure notification went to the same topic.
    expect(shown.map((n) => [n.publisher, n.subject])).to.have.deep.members([
      ["log-processor", "[local] 1 threshold violation: box"],
      ["state-machine", "[local] Metrics pipeline run partially_failed"],
    ]);
    const file = readFileSync(paths.notifications, "utf8").trim().split("\n");
    expect(file).to.have.length(2);
    // EMF and logs went to their files, not the terminal.
    expect(readFileSync(paths.metrics, "utf8")).to.contain('"Namespace":"InfraMonitoring"');
    expect(readFileSync(paths.logs, "utf8")).to.contain('"message":"object processed"');
  });

  it("a later cycle continues the window where the previous one ended: no gap, no overlap", async () => {
    const { run } = await pipeline();
    const first = await run.runCycle(1);
    const second = await run.runCycle(2);

    expect(second.window.start).to.deep.equal(first.window.end);
    expect(second.window.end.getTime()).to.be.at.least(second.window.start.getTime());
  });

  it("keeps the lake and the table between runs in the data directory", async () => {
    const first = await (await pipeline()).run.runCycle(1);
    await backend?.stop();
    const second = await (await pipeline()).run.runCycle(2);

    expect(first.hotTableItems).to.equal(4);
    expect(second.hotTableItems).to.equal(8);
  });
});
