/**
 * `npm run package-size`: what a consumer downloads and installs. The tarball's size and
 * unpacked size come from `npm pack --dry-run`; the install footprint adds the runtime
 * dependencies as installed here. Pulumi itself is a peer the consumer already has.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..");

function duBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? duBytes(p) : statSync(p).size;
  }
  return total;
}

const [pack] = JSON.parse(
  execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
  }),
) as { size: number; unpackedSize: number; entryCount: number }[];
if (!pack) throw new Error("npm pack printed nothing");
const { dependencies } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};
const names = Object.keys(dependencies);
const deps = names.map((d) => duBytes(path.join(root, "node_modules", d)));
const mb = (n: number) => (n / 1024 / 1024).toFixed(2);
console.log(`tarball           ${(pack.size / 1024).toFixed(0)} KB (${pack.entryCount} files)`);
console.log(`unpacked          ${mb(pack.unpackedSize)} MB`);
console.log(
  `install footprint ${mb(pack.unpackedSize + deps.reduce((a, b) => a + b, 0))} MB with ${names.join(" and ")}`,
);
