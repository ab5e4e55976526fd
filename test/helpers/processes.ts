import { spawn } from "node:child_process";

/** The pid of a process that has ended: what a killed run leaves in its lock file. */
export function exitedPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("true");
    child.once("exit", () => resolve(child.pid ?? 0));
  });
}
