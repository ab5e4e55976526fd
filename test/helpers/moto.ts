// moto is a third party's AWS API server: it enforces limits (S3 If-Match, DynamoDB key sizes,
// SNS message size) that the in-process servers do not, so tests of an AWS call run there too.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/** A running moto server: one endpoint for every service it serves. */
export interface MotoServer {
  readonly endpoint: string;
  /** Client settings for any AWS SDK v3 client pointed at this server. */
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly forcePathStyle: true;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /** Forgets every resource, so the next test starts from an empty account. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitUntilServing(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("moto_server did not answer within 20 s");
}

/** Starts `moto_server` (preinstalled on the development and CI machines) on a free port. */
export async function startMoto(region = "eu-west-1"): Promise<MotoServer> {
  const port = await freePort();
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: "ignore",
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", (err) =>
      reject(new Error(`moto_server could not be started (is it on PATH?): ${err.message}`)),
    );
  });
  await spawned;
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilServing(endpoint, child);
  return {
    endpoint,
    clientConfig: {
      endpoint,
      region,
      forcePathStyle: true,
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    },
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** A suite's moto server, called inside describe(): started before its first test, stopped after. */
export function motoSuite(
  started: (moto: MotoServer) => unknown = () => undefined,
): () => MotoServer {
  let moto: MotoServer | undefined;
  before(async function () {
    this.timeout(30_000);
    moto = await startMoto();
    await started(moto);
  });
  after(async () => moto?.stop());
  return () => {
    if (!moto) throw new Error("moto is not started yet: use it inside a test or hook");
    return moto;
  };
}
