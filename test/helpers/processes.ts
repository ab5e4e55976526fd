import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

/** The pid of a process that has ended: what a killed run leaves in its lock file. */
export function exitedPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("true");
    child.once("exit", () => resolve(child.pid ?? 0));
  });
}

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");

/** How an npm script of this repository ended. */
export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run --silent ...args` in the repository; a failing script resolves with its code. */
export async function npmScript(...args: string[]): Promise<ScriptResult> {
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as ScriptResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
