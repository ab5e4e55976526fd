import { PutObjectCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MetricSource } from "../../functions/data-collector/sources/types";
import { type Backend, embeddedBackend } from "../../local/backend";
import { LOCAL_STACK, localPaths, type LocalPaths } from "../../local/layout";
import { NotificationLog } from "../../local/notifications";
import { createLocalPipeline } from "../../local/pipeline";
import { metricLine, scanTable } from "../functions/fixtures";

/** A source that collects nothing: the catch-up alone is under test. */
const emptySource: MetricSource = {
  name: "empty",
  windowed: false,
  countTargets: async () => 0,
  collect: async () => ({ records: [], missing: [], errors: [] }),
};

describe("npm start after a run killed mid-cycle", function () {
  this.timeout(60_000);
  let paths: LocalPaths;
  let backend: Backend | undefined;

  beforeEach(() => (paths = localPaths(mkdtempSync(path.join(tmpdir(), "catch-up-")))));
  afterEach(async () => {
    await backend?.stop();
    rmSync(paths.root, { recursive: true, force: true });
  });

  const pipelineOn = (b: Backend) =>
    createLocalPipeline({
      backend: b,
      source: emptySource,
      paths,
      notifications: new NotificationLog(paths.notifications, () => undefined),
    });
  const put = (b: Backend, key: string, body: string) =>
    b.s3.send(new PutObjectCommand({ Bucket: LOCAL_STACK.bucket, Key: key, Body: body }));
  const instances = async (b: Backend) =>
    (await scanTable(b.dynamo, LOCAL_STACK.table))
      .filter((i) => String(i.pk).startsWith("INSTANCE#"))
      .map((i) => i.instance_id)
      .sort();

  it("processes the lake objects with no completed record, once, and leaves the rest", async () => {
    const hour = "raw-metrics/year=2025/month=03/day=01/hour=10/";
    const now = new Date().toISOString();
    // The first run: one object processed; then killed after writing two more.
    backend = await embeddedBackend(paths);
    await put(backend, `${hour}done.jsonl`, metricLine({ instance_id: "i-done", timestamp: now }));
    const first = pipelineOn(backend);
    expect((await first.catchUp()).objects.map((o) => o.key)).to.deep.equal([`${hour}done.jsonl`]);
    await backend.stop();
    backend = await embeddedBackend(paths);
    // Written by the killed run: s3rver's events went to no processor.
    await put(
      backend,
      `${hour}left-1.jsonl`,
      metricLine({ instance_id: "i-left-1", timestamp: now }),
    );
    await put(
      backend,
      "raw-logs/left-2.jsonl",
      JSON.stringify({ timestamp: now, service: "api", level: "ERROR", message: "m" }),
    );
    await put(backend, "quarantine/not-mine.errors.jsonl", "{}\n");
    expect(await instances(backend)).to.deep.equal(["i-done"]);
    await backend.stop();

    // The restart.
    backend = await embeddedBackend(paths);
    const restarted = pipelineOn(backend);
    const caught = await restarted.catchUp();
    expect(caught.errors).to.deep.equal([]);
    expect(caught.objects.map((o) => [o.key, o.processed])).to.deep.equal([
      [`${hour}left-1.jsonl`, 1],
      ["raw-logs/left-2.jsonl", 1],
    ]);
    expect(await instances(backend)).to.deep.equal(["i-done", "i-left-1"]);
    expect((await restarted.catchUp()).objects).to.deep.equal([]);
  });
});
