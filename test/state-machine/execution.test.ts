import { ListObjectsCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { buildDefinition } from "../../components/collector-workflow/definition";
import { createCollector } from "../../functions/data-collector/collector";
import { syntheticSource } from "../../functions/data-collector/sources/synthetic";
import type { MetricSource } from "../../functions/data-collector/sources/types";
import { METRIC_TYPES, type MetricType } from "../../contract/metric-record";
import { localWorkflow, namedError, type PublishedMessage } from "../../local/task-bindings";
import { capturedMetrics, collectorSettings, scanTable, silentLogger } from "../functions/fixtures";
import { type LocalServers, localServersSuite } from "../helpers/local-servers";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts";
const FN = "arn:aws:lambda:eu-west-1:123456789012:function:wf-collector";
const SCHEDULED = "2025-03-01T09:00:00.000Z";
/** The point-in-time sources' objects: named after the scheduled time, one shard. */
const objectName = (type: string) => `${type}-20250301T090000Z-shard-0-of-1.jsonl`;

/** A source that fails, every time, for the given metric types. */
function failingFor(types: readonly MetricType[], inner: MetricSource): MetricSource {
  return {
    ...inner,
    async collect(request) {
      if (types.includes(request.metricType)) {
        throw namedError(
          "AccessDeniedException",
          `not authorized to read ${request.metricType} metrics`,
        );
      }
      return inner.collect(request);
    },
  };
}

describe("state machine executed locally with the real collector", function () {
  let servers: LocalServers;
  let n = 0;

  localServersSuite((started) => (servers = started));

  interface RunOptions {
    readonly source?: MetricSource;
    readonly notifyOnSuccess?: boolean;
    /** Errors the Lambda service raises before the collector runs, per branch, in order. */
    readonly serviceErrors?: Partial<Record<MetricType, string[]>>;
    /** The execution input. @default the schedule's, due at SCHEDULED */
    readonly input?: Record<string, unknown>;
  }

  async function run(options: RunOptions = {}) {
    const bucket = `lake-${++n}`;
    const table = `hot-${n}`;
    const execution = `run-${n}`;
    await servers.createBucket(bucket);
    await servers.createHotTable(table);
    const collector = createCollector({
      s3: servers.s3,
      source: options.source ?? syntheticSource({ instances: 2, region: "eu-west-1" }),
      settings: collectorSettings(bucket),
      logger: silentLogger(),
      metrics: capturedMetrics("dev").metrics,
      clock: () => new Date(SCHEDULED),
    });

    const calls: Record<string, number> = {};
    const outbox: PublishedMessage[] = [];
    const pending = structuredClone(options.serviceErrors ?? {});
    const execute = localWorkflow(
      buildDefinition({
        collectorFunctionArn: FN,
        alertTopicArn: TOPIC,
        environment: "dev",
        notifyOnSuccess: options.notifyOnSuccess ?? false,
      }),
      {
        plan: (payload) => collector.collect(payload),
        async collect(type, payload) {
          calls[type] = (calls[type] ?? 0) + 1;
          const serviceError = pending[type]?.shift();
          if (serviceError) throw namedError(serviceError, "Rate exceeded");
          return collector.collect(payload);
        },
        publish(message) {
          outbox.push(message);
          return `message-${outbox.length}`;
        },
      },
    );
    const settledResult = await execute(
      execution,
      options.input ?? { scheduled_time: SCHEDULED },
    ).then(
      (output) => ({ output, error: undefined }),
      (error: unknown) => ({ output: undefined, error: error as Error & { cause?: Error } }),
    );
    const listed = await servers.s3.send(new ListObjectsCommand({ Bucket: bucket }));
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? "").sort();
    const items = await scanTable(servers.dynamo, table);
    return { ...settledResult, execution, calls, outbox, keys, items };
  }

  it("all branches succeed: four objects, the items, status succeeded and no e-mail by default", async () => {
    const r = await run();

    expect(r.error).to.equal(undefined);
    expect(r.output?.status).to.equal("succeeded");
    expect(r.output?.failed_count).to.equal(0);
    expect(r.output?.branches.map((b) => [b.metric_type, b.status])).to.deep.equal([
      ["cpu", "succeeded"],
      ["memory", "succeeded"],
      ["disk", "succeeded"],
      ["network", "succeeded"],
    ]);
    expect(r.keys).to.deep.equal(
      ["cpu", "disk", "memory", "network"].map(
        (t) => `raw-metrics/year=2025/month=03/day=01/hour=09/${objectName(t)}`,
      ),
    );
    // One writer: the collector writes the lake only; the processor fills the hot table.
    expect(r.items).to.deep.equal([]);
    expect(r.output?.branches.map((b) => b.shards)).to.deep.equal([1, 1, 1, 1]);
    expect(r.outbox).to.deep.equal([]);
  });

  it("notifies a success only when notifyOnSuccess is set", async () => {
    const r = await run({ notifyOnSuccess: true });

    expect(r.output?.status).to.equal("succeeded");
    expect(r.outbox).to.have.length(1);
    expect(r.outbox[0]?.TopicArn).to.equal(TOPIC);
    expect(r.outbox[0]?.Subject).to.equal("[dev] Metrics pipeline run succeeded");
    expect(r.outbox[0]?.Message).to.match(
      new RegExp(
        `^Metrics pipeline dev: run ${r.execution} succeeded\\. cpu: succeeded in 1 shards \\| memory: succeeded`,
      ),
    );
  });

  it("a transient Lambda service error is retried and the run still succeeds", async () => {
    const r = await run({
      serviceErrors: { memory: ["Lambda.TooManyRequestsException", "Lambda.ServiceException"] },
    });

    expect(r.error).to.equal(undefined);
    expect(r.output?.status).to.equal("succeeded");
    expect(r.calls).to.deep.equal({ cpu: 1, memory: 3, disk: 1, network: 1 });
    // The retried branch wrote its object once, under the same deterministic key.
    expect(r.keys.filter((k) => k.endsWith(`/${objectName("memory")}`))).to.have.length(1);
    expect(r.outbox).to.deep.equal([]);
  });

  it("stops retrying after three retries and lands the branch as failed", async () => {
    const r = await run({ serviceErrors: { cpu: Array(5).fill("Lambda.ServiceException") } });

    expect(r.calls.cpu).to.equal(4);
    expect(r.output?.status).to.equal("partially_failed");
    expect(r.output?.branches[0]).to.include({
      metric_type: "cpu",
      status: "failed",
      error: "Lambda.ServiceException",
    });
  });

  it("a permanent failure of one branch: the others land, the notification names its error", async () => {
    const source = failingFor(["disk"], syntheticSource({ instances: 2, region: "eu-west-1" }));
    const r = await run({ source });

    expect(r.error).to.equal(undefined);
    expect(r.output?.status).to.equal("partially_failed");
    expect(r.output?.failed_count).to.equal(1);
    // A function error is not a Lambda service error: no retry.
    expect(r.calls.disk).to.equal(1);
    expect(r.keys.map((k) => k.replace(/^.*\//, ""))).to.have.members(
      ["cpu", "memory", "network"].map(objectName),
    );
    const disk = r.output?.branches.find((b) => b.metric_type === "disk");
    expect(disk).to.include({ status: "failed", failed: 1, error: "AccessDeniedException" });
    expect(JSON.parse(disk?.cause ?? "{}")).to.deep.equal({
      errorType: "AccessDeniedException",
      errorMessage: "not authorized to read disk metrics",
    });

    expect(r.outbox).to.have.length(1);
    const message = r.outbox[0];
    expect(message?.Subject).to.equal("[dev] Metrics pipeline run partially_failed");
    expect(message?.Message).to.contain(
      `Metrics pipeline dev: run ${r.execution} partially_failed (1 of 4 metric collections failed).`,
    );
    expect(message?.Message).to.contain("disk: failed with AccessDeniedException: ");
    expect(message?.Message).to.contain("not authorized to read disk metrics");
    expect(message?.Message).to.contain("(1 of 1 shards failed)");
    expect(message?.Message).to.contain("cpu: succeeded in 1 shards");
  });

  for (const [when, input, reason] of [
    ["in 1969", { scheduled_time: "1969-12-31T23:00:00Z" }, "more than 63 days before"],
    [
      "in the future",
      { window_start: "2025-03-01T09:05:00Z", window_end: "2025-03-01T09:10:00Z" },
      "more than 300 s after the collector's clock",
    ],
  ] as const) {
    it(`a window ${when} fails the run, notified with the reason; nothing is written`, async () => {
      const r = await run({ input });

      expect(r.output).to.equal(undefined);
      expect(r.error?.cause?.name).to.equal("PipelineFailed");
      expect(r.keys).to.deep.equal([]);
      expect(r.outbox).to.have.length(1);
      expect(r.outbox[0]?.Subject).to.equal("[dev] Metrics pipeline run failed");
      expect(r.outbox[0]?.Message).to.contain(reason);
    });
  }

  it("all branches fail: the failure is notified, then the execution fails", async () => {
    const source = failingFor(METRIC_TYPES, syntheticSource({ instances: 2, region: "eu-west-1" }));
    const r = await run({ source });

    expect(r.output).to.equal(undefined);
    expect(r.error?.cause?.name).to.equal("PipelineFailed");
    expect(r.keys).to.deep.equal([]);
    expect(r.items).to.deep.equal([]);
    expect(r.outbox).to.have.length(1);
    expect(r.outbox[0]?.Subject).to.equal("[dev] Metrics pipeline run failed");
    expect(r.outbox[0]?.Message).to.contain(
      "run " + r.execution + " failed (4 of 4 metric collections failed)",
    );
    for (const type of ["cpu", "memory", "disk", "network"]) {
      expect(r.outbox[0]?.Message).to.contain(`${type}: failed with AccessDeniedException`);
    }
  });
});
