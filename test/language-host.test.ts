import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..");

/**
 * What `pulumi up` does with index.ts: Pulumi's Node.js language host compiles it with
 * ts-node (its vendored copy unless the project has one), the project's TypeScript and the
 * project's tsconfig.json spread over its own defaults, type-checking as it goes
 * (@pulumi/pulumi cmd/run/run.js). A tsconfig that only suits the test runner breaks a real
 * deployment, so this runs the program through that same path, under mocks.
 */
const languageHost = `
const path = require("path");
const root = ${JSON.stringify(root)};
const tsutils = require(path.join(root, "node_modules/@pulumi/pulumi/tsutils"));
const tsconfig = path.join(root, "tsconfig.json");
const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsconfig);
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: compilerOptions.noCheck,
  project: tsconfig,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
});
const pulumi = require(path.join(root, "node_modules/@pulumi/pulumi"));
const types = new Set();
pulumi.runtime
  .setMocks(
    {
      newResource: (a) => { types.add(a.type); return { id: a.name + "-id", state: { ...a.inputs, name: a.name, arn: "arn:aws:x:eu-west-1:123456789012:" + a.name } }; },
      call: () => ({ accountId: "123456789012", region: "eu-west-1", partition: "aws", name: "eu-west-1" }),
    },
    "infra-monitoring", "dev", false)
  .then(() => {
    pulumi.runtime.setAllConfig({ "infra-monitoring:environment": "dev", "infra-monitoring:metricSource": "synthetic" });
    require(path.join(root, "index.ts"))();
    setTimeout(() => console.log(JSON.stringify([...types].filter((t) => t.startsWith("infra-monitoring-pipeline:")).sort())), 2000);
  });
`;

describe("the program under Pulumi's own TypeScript loader", function () {
  this.timeout(180_000);

  it("type-checks, compiles and registers the facade and its four components", () => {
    const out = execFileSync(process.execPath, ["-e", languageHost], {
      cwd: root,
      encoding: "utf8",
    });
    expect(JSON.parse(out.trim().split("\n").pop() ?? "[]")).to.deep.equal([
      "infra-monitoring-pipeline:index:AlertingStack",
      "infra-monitoring-pipeline:index:AnalyticsCatalog",
      "infra-monitoring-pipeline:index:CollectorWorkflow",
      "infra-monitoring-pipeline:index:MetricStore",
      "infra-monitoring-pipeline:index:MonitoringPipeline",
    ]);
  });
});
