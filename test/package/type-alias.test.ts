import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { mockedSuite, settled } from "../helpers/pulumi-mocks";
import type * as Api from "../../components";

let api: typeof Api;

interface AliasSpecProto {
  getName(): string;
  getType(): string;
  getParenturn(): string;
  getNoparent(): boolean;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getAliasesList(): { getSpec(): AliasSpecProto | undefined; getUrn(): string }[];
}
interface Monitor {
  registerResource(req: RegisterRequest, cb: unknown): void;
}

/** What the engine receives for each component: its type and the aliases it may match. */
const registered: { type: string; name: string; aliases: string[] }[] = [];

/**
 * The type tokens took the package's name. A stack deployed with the former tokens must see
 * the same resources, not a replacement: each component registers an alias from its old type,
 * which the engine matches against the state (children inherit it through their parent).
 */
describe("the former type tokens", () => {
  mockedSuite(async () => {
    api = await import("../../components/index.js");
    const runtime = pulumi.runtime as unknown as { getMonitor(): Monitor };
    const monitor = runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      registered.push({
        type: req.getType(),
        name: req.getName(),
        // An empty name or parent in a spec means the resource's own: only the type differs.
        aliases: req.getAliasesList().map((a) => {
          const spec = a.getSpec();
          const parentUrn = spec?.getParenturn();
          const parent = parentUrn
            ? `under ${parentUrn.split("::").slice(2).join(" ")}`
            : "same parent";
          return `${spec?.getType() || "same type"}/${spec?.getName() || "same name"}/${parent}`;
        }),
      });
      register(req, cb);
    };
  });

  it("are aliases of every component, under the same name", async () => {
    new api.MonitoringPipeline("legacy", {
      environment: "test",
      metricSource: "synthetic",
      alertEmails: ["ops@example.com"],
    });
    await settled();
    const components = registered
      .filter((r) => r.type.startsWith("infra-monitoring-pipeline:"))
      .map((r) => `${r.type} ${r.name} <- ${r.aliases.join(", ")}`)
      .sort();
    expect(components).to.deep.equal([
      "infra-monitoring-pipeline:index:AlertingStack legacy <- infra-monitoring:index:AlertingStack/same name/under infra-monitoring-pipeline:index:MonitoringPipeline legacy",
      "infra-monitoring-pipeline:index:AnalyticsCatalog legacy <- infra-monitoring:index:AnalyticsCatalog/same name/under infra-monitoring-pipeline:index:MonitoringPipeline legacy",
      "infra-monitoring-pipeline:index:CollectorWorkflow legacy <- infra-monitoring:index:CollectorWorkflow/same name/under infra-monitoring-pipeline:index:MonitoringPipeline legacy",
      "infra-monitoring-pipeline:index:MetricStore legacy <- infra-monitoring:index:MetricStore/same name/under infra-monitoring-pipeline:index:MonitoringPipeline legacy",
      "infra-monitoring-pipeline:index:MonitoringPipeline legacy <- infra-monitoring:index:MonitoringPipeline/same name/same parent",
    ]);
  });

  it("keep the caller's own aliases", async () => {
    registered.length = 0;
    new api.MetricStore("kept", {}, { aliases: [{ name: "old-store" }] });
    await settled();
    const store = registered.find((r) => r.type === api.MetricStore.TYPE);
    expect(store?.aliases.sort()).to.deep.equal([
      "infra-monitoring:index:MetricStore/same name/same parent",
      "same type/old-store/same parent",
    ]);
  });
});
