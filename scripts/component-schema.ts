import path from "node:path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as api from "../components";

export const ROOT = path.resolve(__dirname, "..");
/** The committed copy of the inferred schema; the schema test compares against it. */
export const SCHEMA_FILE = path.join(ROOT, "provider", "schema.json");

/** The schema `pulumi package add` infers for this package, as Pulumi's own analysis builds it. */
export async function inferSchema(): Promise<Record<string, unknown>> {
  const provider = new ComponentProvider({
    components: getPulumiComponents(api),
    dirname: ROOT,
    name: "infra-monitoring",
  });
  return JSON.parse(await provider.getSchema()) as Record<string, unknown>;
}
