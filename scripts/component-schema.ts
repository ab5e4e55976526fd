import { readFileSync } from "node:fs";
import path from "node:path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as api from "../components";

export const ROOT = path.resolve(__dirname, "..");
/** The committed copy of the inferred schema; the schema test compares against it. */
export const SCHEMA_FILE = path.join(ROOT, "provider", "schema.json");

/**
 * The provider name the plugin host gives the package: package.json's `name` without its
 * scope, other characters than letters, digits, `-` and `_` turned into `-`
 * (@pulumi/pulumi cmd/run-plugin/run.js).
 */
export function providerName(packageJsonName: string): string {
  const unscoped = /^(@.*?\/)?(.+)$/.exec(packageJsonName)?.[2] ?? packageJsonName;
  return unscoped.replace(/[^-a-zA-Z0-9_]/g, "-");
}

/** package.json's `name`, as the plugin host reads it. */
export function packageName(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    name: string;
  };
  return pkg.name;
}

/** The schema `pulumi package add` infers for this package, as Pulumi's own analysis builds it. */
export async function inferSchema(): Promise<Record<string, unknown>> {
  const provider = new ComponentProvider({
    components: getPulumiComponents(api),
    dirname: ROOT,
    name: providerName(packageName()),
  });
  return JSON.parse(await provider.getSchema()) as Record<string, unknown>;
}
