import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { HANDLER_ENV } from "../contract/handler-settings";

/** The least a handler needs to pass its cold start; the values are never used to call AWS. */
export const COLD_START_ENV: Readonly<Record<string, string>> = Object.freeze({
  [HANDLER_ENV.environment]: "bench",
  [HANDLER_ENV.lakeBucket]: "lake",
  [HANDLER_ENV.hotTable]: "hot",
  AWS_REGION: "eu-west-1",
});

const SCRIPT =
  "const t0 = performance.now(); await import(process.argv[1]);" +
  " process.stdout.write(String(performance.now() - t0));";

/**
 * Milliseconds to import each module in a fresh Node process (median of `runs`), beside the
 * same figure for an empty module: the difference is what the bundle itself costs.
 */
export function coldImportMs(
  modules: Readonly<Record<string, string>>,
  runs = 7,
): Record<string, number> {
  const dir = mkdtempSync(path.join(tmpdir(), "cold-import-"));
  try {
    const all = { empty: "export {};\n", ...modules };
    const result: Record<string, number> = {};
    for (const [name, code] of Object.entries(all)) {
      const file = path.join(dir, `${name}.mjs`);
      writeFileSync(file, code);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const out = execFileSync(process.execPath, ["--input-type=module", "-e", SCRIPT, file], {
          cwd: dir,
          env: { ...COLD_START_ENV, PATH: process.env.PATH ?? "" },
          encoding: "utf8",
        });
        times.push(Number(out));
      }
      times.sort((a, b) => a - b);
      result[name] = times[Math.floor(times.length / 2)] ?? NaN;
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
