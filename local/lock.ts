import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { DataDirLocked } from "../contract/errors";

// DataDirLocked: see contract/errors.ts (every error class is defined there).
export { DataDirLocked };

interface LockOwner {
  readonly pid: number;
  readonly started_at: string;
  readonly command: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, "utf8")) as LockOwner;
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : undefined;
  } catch {
    return undefined;
  }
}

export interface DataDirLock {
  /** Set when the lock was taken over from a process that is gone. */
  readonly tookOverFrom?: number;
  release(): void;
}

/**
 * Takes the data folder's lock file, created exclusively (O_EXCL) so two runs cannot both get
 * it. A lock left by a process that no longer exists (killed, crashed) is taken over; one held
 * by a live process throws DataDirLocked naming it.
 */
export function lockDataDir(file: string, command: string): DataDirLock {
  const me: LockOwner = { pid: process.pid, started_at: new Date().toISOString(), command };
  let tookOverFrom: number | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return {
        ...(tookOverFrom ? { tookOverFrom } : {}),
        release() {
          if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const owner = readOwner(file);
    if (owner && owner.pid !== process.pid && alive(owner.pid)) {
      throw new DataDirLocked(
        `the data folder is in use by process ${owner.pid} (${owner.command}, since ${owner.started_at}); ` +
          `wait for it to end, stop it, or use another --data-dir`,
      );
    }
    // Stale (its process is gone) or half-written: remove it and try again.
    tookOverFrom = owner?.pid;
    rmSync(file, { force: true });
  }
  throw new DataDirLocked(`could not take the lock ${file}: another run keeps taking it`);
}
