import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import semver from "semver";
import { bundleHandler, HANDLER_NAMES } from "../../functions/build";

const root = path.resolve(__dirname, "..", "..");
const fixture = path.join(__dirname, "consumer");
const PKG = "infra-monitoring-pipeline";
/** What the template's program needs besides the package: taken from this repository, offline. */
const LINKED = ["@pulumi/pulumi", "@pulumi/aws", "zod", "croner", "@types/node", "typescript"];

interface Registered {
  type: string;
  name: string;
  read: boolean;
  inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  codeSha256?: string;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** tsc's diagnostics for a project (which emits bin/index.js), "" when it compiles. */
function typeErrors(tsc: string, project: string): string {
  try {
    return execFileSync(process.execPath, [tsc, "-p", project, "--pretty", "false"], {
      encoding: "utf8",
    });
  } catch (e) {
    return String((e as { stdout?: string }).stdout);
  }
}

/** The packages a declaration file reaches through its relative imports, walked to the end. */
function bareImports(entry: string): { files: number; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  for (let file = queue.shift(); file; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, spec = ""] of source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)"([^"]+)"/g)) {
      if (!spec.startsWith(".")) {
        packages.add(spec);
        continue;
      }
      const base = path.resolve(path.dirname(file), spec);
      const found = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((f) => existsSync(f));
      if (!found) throw new Error(`${file}: ${spec} does not resolve`);
      queue.push(found);
    }
  }
  return { files: seen.size, packages: [...packages].sort() };
}

/**
 * A platform team's project made from Pulumi's aws-typescript template (its tsconfig.json and
 * Pulumi.yaml as the template ships them), with the packed tarball installed as npm lays it
 * out and the other dependencies linked from this repository so the test runs offline.
 */
describe("the packed library in a project made from the aws-typescript template", function () {
  this.timeout(300_000);
  let dir: string;
  let installed: string;
  let resources: Registered[];

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "consumer-"));
    execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "ignore" });
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
        cwd: root,
        encoding: "utf8",
      }),
    ) as { filename: string }[];
    cpSync(fixture, dir, { recursive: true });
    mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
    mkdirSync(path.join(dir, "node_modules", "@types"), { recursive: true });
    execFileSync("tar", ["-xzf", path.join(dir, packed?.filename ?? ""), "-C", dir]);
    installed = path.join(dir, "node_modules", PKG);
    renameSync(path.join(dir, "package"), installed);
    for (const dep of LINKED) {
      symlinkSync(path.join(root, "node_modules", dep), path.join(dir, "node_modules", dep));
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("ships the prebuilt handlers byte-identical to the repository's build, with their hashes", () => {
    const manifest = JSON.parse(
      readFileSync(path.join(installed, "dist", "handlers", "manifest.json"), "utf8"),
    ) as Record<string, { file: string; sha256: string }>;
    for (const name of HANDLER_NAMES) {
      const shipped = readFileSync(path.join(installed, "dist", "handlers", name, "index.mjs"));
      const fromSource = bundleHandler(name);
      expect(shipped.equals(Buffer.from(fromSource.code)), name).to.equal(true);
      expect(manifest[name]?.sha256).to.equal(fromSource.sha256);
    }
  });

  it("depends on zod and croner alone; Pulumi is a peer, satisfied by the tested versions", () => {
    const pkg = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    // croner reads cron() schedules; it has no dependencies of its own.
    expect(Object.keys(pkg.dependencies)).to.deep.equal(["croner", "zod"]);
    for (const [dep, range] of Object.entries(pkg.peerDependencies)) {
      const { version } = JSON.parse(
        readFileSync(path.join(root, "node_modules", dep, "package.json"), "utf8"),
      ) as { version: string };
      expect(semver.satisfies(version, range), `${dep}@${version} in ${range}`).to.equal(true);
    }
  });

  it("runs on Node 20, 22 and 24: engines asks what the code and its lowest Pulumi need", () => {
    const pkg = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")) as {
      engines: { node: string };
      peerDependencies: Record<string, string>;
    };
    for (const node of ["20.0.0", "22.0.0", "24.0.0", "26.0.0"]) {
      expect(semver.satisfies(node, pkg.engines.node), `node ${node}`).to.equal(true);
    }
    // Node 18 is past its end of life, and @pulumi/pulumi 3.248.0 (engines: node >=20), the
    // lowest the peer range admits and the last release for Node 20, does not run on it.
    expect(semver.satisfies("18.20.0", pkg.engines.node)).to.equal(false);
    expect(semver.minVersion(pkg.peerDependencies["@pulumi/pulumi"] ?? "")?.version).to.equal(
      "3.248.0",
    );
  });

  it("ships dist/, the README and the licence alone; code without comments, types with JSDoc", () => {
    expect(readdirSync(installed).sort()).to.deep.equal([
      "LICENSE",
      "README.md",
      "dist",
      "package.json",
    ]);
    const js = readFileSync(
      path.join(installed, "dist/components/metric-store/metric-store.js"),
      "utf8",
    );
    const dts = readFileSync(
      path.join(installed, "dist/components/metric-store/args.d.ts"),
      "utf8",
    );
    expect(js).to.include("class MetricStore");
    expect(js).not.to.match(/\/\*\*|^\s*\/\/ /m);
    expect(dts).to.include("@default");
  });

  // The current template (nodenext), and the one most existing projects were made from
  // (pulumi/templates aws-typescript until 2026: commonjs, node resolution, no esModuleInterop).
  for (const tsconfig of ["tsconfig.json", "tsconfig.commonjs.json"]) {
    it(`type-checks the program with the template's ${tsconfig}: 0 errors`, () => {
      const tsc = path.join(dir, "node_modules", "typescript", "bin", "tsc");
      const out = typeErrors(tsc, path.join(dir, tsconfig));
      expect(out).to.equal("");
    });
  }

  it("declares the main entry with Pulumi's types alone: no zod (its d.ts need esModuleInterop)", () => {
    const reached = bareImports(path.join(installed, "dist", "components", "index.d.ts"));
    expect(reached.files).to.be.greaterThan(20);
    expect(reached.packages).to.deep.equal(["@pulumi/aws", "@pulumi/pulumi"]);
  });

  describe("under mocks", () => {
    before(() => {
      const out = execFileSync(process.execPath, ["run-under-mocks.js"], {
        cwd: dir,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      resources = JSON.parse(out) as Registered[];
    });

    it("registers both pipelines and their four parts", () => {
      const components = resources.filter((r) => r.type.startsWith("infra-monitoring-pipeline:"));
      expect(components.map((r) => `${r.type.split(":")[2]} ${r.name}`).sort()).to.deep.equal([
        "AlertingStack monitoring",
        "AlertingStack team-lake",
        "AnalyticsCatalog monitoring",
        "AnalyticsCatalog team-lake",
        "CollectorWorkflow monitoring",
        "CollectorWorkflow team-lake",
        "MetricStore monitoring",
        "MetricStore team-lake",
        "MonitoringPipeline monitoring",
        "MonitoringPipeline shared",
      ]);
    });

    it("deploys the shipped handler bytes", () => {
      const manifest = JSON.parse(
        readFileSync(path.join(installed, "dist", "handlers", "manifest.json"), "utf8"),
      ) as Record<string, { sha256: string }>;
      const fns = resources.filter((r) => r.type === "aws:lambda/function:Function");
      expect(fns.map((f) => f.name).sort()).to.deep.equal([
        "monitoring-collector",
        "monitoring-processor",
        "team-lake-collector",
        "team-lake-processor",
      ]);
      for (const f of fns) {
        const handler = f.name.endsWith("collector") ? "data-collector" : "log-processor";
        expect(f.codeSha256, f.name).to.equal(manifest[handler]?.sha256);
      }
    });

    it("uses the existing bucket through EventBridge, touching none of its configuration", () => {
      const byName = (n: string) => resources.filter((r) => r.name === n);
      const buckets = resources.filter((r) => r.type === "aws:s3/bucket:Bucket");
      // Read, not created: the shared pipeline makes only its Athena results bucket.
      expect(buckets.filter((b) => b.read).map((b) => b.name)).to.deep.equal(["team-lake"]);
      expect(
        buckets.filter((b) => !b.read && b.name.startsWith("team-lake")).map((b) => b.name),
      ).to.deep.equal(["team-lake-results"]);
      expect(byName("team-lake-lake-notification")).to.deep.equal([]);
      expect(byName("team-lake-lake-lifecycle")).to.deep.equal([]);
      const rule = byName("team-lake-lake-objects")[0]?.inputs;
      expect(JSON.parse(rule?.eventPattern).detail.bucket.name).to.deep.equal(["team-lake-bucket"]);
      // The created pipeline turns EventBridge delivery on for its own lake.
      expect(byName("monitoring-lake-notification")[0]?.inputs).to.deep.include({
        eventbridge: true,
      });
    });

    it("gives the two pipelines no common physical name", () => {
      const scoped = ["aws:glue/catalogTable:CatalogTable", "aws:athena/namedQuery:NamedQuery"];
      const names = resources
        .filter((r) => !r.read && !scoped.includes(r.type) && typeof r.inputs.name === "string")
        .map((r) => r.inputs.name as string);
      expect(names.length).to.be.greaterThan(20);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).to.deep.equal([]);
    });
  });

  it("hashes agree between the manifest and the files, as the component checks at load", () => {
    const manifest = readFileSync(path.join(installed, "dist", "handlers", "manifest.json"));
    for (const [name, entry] of Object.entries(
      JSON.parse(manifest.toString()) as Record<string, { file: string; sha256: string }>,
    )) {
      const file = readFileSync(path.join(installed, "dist", "handlers", entry.file));
      expect(sha256(file), name).to.equal(entry.sha256);
    }
  });
});
