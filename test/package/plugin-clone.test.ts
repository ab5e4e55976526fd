import * as grpc from "@grpc/grpc-js";
import { expect } from "chai";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import * as provider from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";

const root = path.resolve(__dirname, "..", "..");
const RUN_PLUGIN = path.join("node_modules", "@pulumi", "pulumi", "cmd", "run-plugin");

/** The first line the plugin prints is its gRPC port; anything else within the limit is a failure. */
async function pluginPort(child: ChildProcess, ms: number): Promise<number> {
  let out = "";
  let err = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const port = new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = /^(\d+)\s*$/m.exec(out);
      if (line) resolve(Number(line[1]));
    });
    child.on("exit", (code) => reject(new Error(`plugin exited (${code}):\n${out}\n${err}`)));
    setTimeout(() => reject(new Error(`no port after ${ms} ms:\n${out}\n${err}`)), ms);
  });
  return port;
}

async function getSchema(port: number): Promise<unknown> {
  const client = new provider.ResourceProviderClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  try {
    const schema = await new Promise<string>((resolve, reject) =>
      client.getSchema(new providerPb.GetSchemaRequest(), (e, r) =>
        e ? reject(e) : resolve(r.getSchema()),
      ),
    );
    return JSON.parse(schema);
  } finally {
    client.close();
  }
}

/**
 * `pulumi package add <this repository>` as the Node.js language host does it, on a clone of
 * the repository as committed: dependencies installed with the host's command
 * (`npm install --loglevel=error`, sdk/nodejs/npm/npm.go), then `@pulumi/pulumi/cmd/run-plugin`
 * started on the plugin directory, which requires package.json's `main`, finds the components,
 * names the package after package.json and serves the inferred schema over gRPC.
 *
 * Offline, the install reuses this checkout's node_modules (a hard-linked copy of the same
 * lockfile's packages) and adds `--offline`: npm then has nothing to fetch and runs what it
 * runs for the host, the package's own `prepare` script included.
 */
describe("the repository as a plugin package, from a clone as committed", function () {
  this.timeout(300_000);
  let dir: string;
  let plugin: ChildProcess | undefined;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "plugin-clone-"));
    execFileSync("git", ["clone", "--quiet", root, dir]);
    execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")]);
  });
  after(() => {
    plugin?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("installs with the host's npm command, which builds what package.json main names", () => {
    const main = (
      JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { main: string }
    ).main;
    expect(existsSync(path.join(dir, main)), `${main} committed`).to.equal(false);
    execFileSync("npm", ["install", "--loglevel=error", "--offline"], { cwd: dir, stdio: "pipe" });
    expect(existsSync(path.join(dir, main)), `${main} after install`).to.equal(true);
  });

  it("serves, through run-plugin, the committed provider/schema.json", async () => {
    plugin = spawn(process.execPath, [RUN_PLUGIN, dir], { cwd: dir, stdio: "pipe" });
    const port = await pluginPort(plugin, 120_000);
    const served = (await getSchema(port)) as { name: string; resources: Record<string, unknown> };
    const committed = JSON.parse(readFileSync(path.join(dir, "provider", "schema.json"), "utf8"));
    expect(served.name).to.equal("infra-monitoring-pipeline");
    expect(Object.keys(served.resources).sort()).to.deep.equal([
      "infra-monitoring-pipeline:index:AlertingStack",
      "infra-monitoring-pipeline:index:AnalyticsCatalog",
      "infra-monitoring-pipeline:index:CollectorWorkflow",
      "infra-monitoring-pipeline:index:MetricStore",
      "infra-monitoring-pipeline:index:MonitoringPipeline",
      "infra-monitoring-pipeline:index:OrganizationAccess",
    ]);
    expect(served).to.deep.equal(committed);
    plugin.kill();
    await once(plugin, "exit");
  });
});
