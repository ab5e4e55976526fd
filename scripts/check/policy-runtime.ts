/**
 * The real CrossGuard runtime, started and driven as the Pulumi CLI does: `run-policy-pack`
 * loads policies/ (ts-node with type checking, PolicyPack reading package.json) and serves the
 * Analyzer gRPC service; GetAnalyzerInfo, Configure, Analyze per resource, AnalyzeStack.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import type { EnforcementLevel } from "@pulumi/policy";
import { plainCopy, urnFor, type ResourceInput, type Violation } from "../../policies/harness";
import type { PackConfig } from "../../policies/harness";

const ROOT = path.resolve(__dirname, "../..");
const POLICIES = path.join(ROOT, "policies");
const RUNNER = path.join(ROOT, "node_modules/@pulumi/pulumi/cmd/run-policy-pack");
const START_TIMEOUT_MS = 60_000;

const LEVELS: Readonly<Record<EnforcementLevel, pb.EnforcementLevel>> = {
  advisory: pb.EnforcementLevel.ADVISORY,
  mandatory: pb.EnforcementLevel.MANDATORY,
  disabled: pb.EnforcementLevel.DISABLED,
  remediate: pb.EnforcementLevel.REMEDIATE,
};
const LEVEL_NAMES = new Map(Object.entries(LEVELS).map(([k, v]) => [v, k as EnforcementLevel]));

/** What GetAnalyzerInfo says of each policy: what the CLI validates config against. */
export interface PolicyInfo {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly configSchema?: {
    readonly properties: Record<string, unknown>;
    readonly required: string[];
  };
}

export interface RuntimeOptions {
  readonly stack: string;
  /** As in `pulumi preview` (true) or `pulumi up` (false). */
  readonly dryRun: boolean;
}

/** Calls a unary gRPC method as a promise. */
function call<Req, Res>(
  method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method(request, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

/** Starts run-policy-pack and waits for the port it prints. */
function startRunner(options: RuntimeOptions): Promise<{ child: ChildProcess; port: number }> {
  const dry = String(options.dryRun);
  const child = spawn(process.execPath, [RUNNER, "127.0.0.1:1", "."], {
    cwd: POLICIES,
    env: {
      ...process.env,
      PULUMI_CONFIG: "{}",
      PULUMI_PROJECT: "infra-monitoring",
      PULUMI_NODEJS_PROJECT: "infra-monitoring",
      PULUMI_STACK: options.stack,
      PULUMI_NODEJS_STACK: options.stack,
      PULUMI_DRY_RUN: dry,
      PULUMI_NODEJS_DRY_RUN: dry,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the policy runtime printed no port in ${START_TIMEOUT_MS} ms\n${err}`));
    }, START_TIMEOUT_MS);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // Only a whole line: a chunk may end inside the number.
      const port = /^(\d+)\r?\n/m.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ child, port: Number(port) });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the policy runtime exited (${code}) before serving:\n${err}${out}`));
    });
  });
}

function toResource(r: ResourceInput, stack: string): pb.AnalyzerResource {
  const resource = new pb.AnalyzerResource()
    .setType(r.type)
    .setName(r.name)
    .setUrn(r.urn ?? urnFor(r.type, r.name, stack))
    .setProperties(Struct.fromJavaScript(plainCopy(r.props) as Record<string, never>))
    .setOptions(new pb.AnalyzerResourceOptions().setParent(r.parentUrn ?? ""))
    .setParent(r.parentUrn ?? "")
    .setDependenciesList([...(r.dependencies ?? [])]);
  for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) {
    resource
      .getPropertydependenciesMap()
      .set(prop, new pb.AnalyzerPropertyDependencies().setUrnsList([...urns]));
  }
  return resource;
}

/** A running policy pack. Stop it when done: it is a child process. */
export class PolicyRuntime {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: AnalyzerClient,
    private readonly stack: string,
    readonly policies: readonly PolicyInfo[],
  ) {}

  static async start(options: RuntimeOptions): Promise<PolicyRuntime> {
    const { child, port } = await startRunner(options);
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      const info = await call<Empty, pb.AnalyzerInfo>(
        client.getAnalyzerInfo.bind(client),
        new Empty(),
      );
      const policies = info.getPoliciesList().map((p) => {
        const schema = p.getConfigschema();
        return {
          name: p.getName(),
          description: p.getDescription(),
          enforcementLevel: LEVEL_NAMES.get(p.getEnforcementlevel()) ?? "advisory",
          ...(schema
            ? {
                configSchema: {
                  properties: schema.getProperties()?.toJavaScript() ?? {},
                  required: schema.getRequiredList(),
                },
              }
            : {}),
        };
      });
      return new PolicyRuntime(child, client, options.stack, policies);
    } catch (err) {
      client.close();
      child.kill();
      throw err;
    }
  }

  /** Sends the pack config, as the CLI does after validating it: every policy's level and props. */
  async configure(config: PackConfig): Promise<void> {
    const request = new pb.ConfigureAnalyzerRequest();
    for (const [name, { enforcementLevel, ...props }] of Object.entries(config)) {
      const level = LEVELS[(enforcementLevel as EnforcementLevel | undefined) ?? "advisory"];
      const policyConfig = new pb.PolicyConfig()
        .setEnforcementlevel(level)
        .setProperties(Struct.fromJavaScript(plainCopy(props) as Record<string, never>));
      request.getPolicyconfigMap().set(name, policyConfig);
    }
    await call<pb.ConfigureAnalyzerRequest, Empty>(
      this.client.configure.bind(this.client),
      request,
    );
  }

  private violationsOf(response: pb.AnalyzeResponse, urn?: string): Violation[] {
    return response.getDiagnosticsList().map((d) => {
      const prefix = `${d.getDescription()}\n`;
      const message = d.getMessage();
      return {
        policy: d.getPolicyname(),
        enforcementLevel: LEVEL_NAMES.get(d.getEnforcementlevel()) ?? "advisory",
        // The runtime puts the policy's description ahead of the message.
        message: message.startsWith(prefix) ? message.slice(prefix.length) : message,
        // The engine attributes a resource policy's diagnostic to the resource analyzed.
        urn: d.getUrn() || urn,
      };
    });
  }

  /** Analyze for each resource (its inputs), in order. */
  async analyze(resources: readonly ResourceInput[]): Promise<Violation[]> {
    const violations: Violation[] = [];
    for (const r of resources) {
      const res = toResource(r, this.stack);
      const request = new pb.AnalyzeRequest()
        .setType(res.getType())
        .setName(res.getName())
        .setUrn(res.getUrn())
        .setProperties(res.getProperties())
        .setOptions(res.getOptions());
      const response = await call<pb.AnalyzeRequest, pb.AnalyzeResponse>(
        this.client.analyze.bind(this.client),
        request,
      );
      violations.push(...this.violationsOf(response, res.getUrn()));
    }
    return violations;
  }

  /** AnalyzeStack over every resource (their outputs). */
  async analyzeStack(resources: readonly ResourceInput[]): Promise<Violation[]> {
    const request = new pb.AnalyzeStackRequest().setResourcesList(
      resources.map((r) => toResource(r, this.stack)),
    );
    const response = await call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(
      this.client.analyzeStack.bind(this.client),
      request,
    );
    return this.violationsOf(response);
  }

  stop(): void {
    this.client.close();
    this.child.kill();
  }
}
