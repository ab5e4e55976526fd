import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { stackConfigSchema } from "../../config/stack-config";
import { ROOT } from "./markdown";

const page = readFileSync(path.join(ROOT, "docs", "stack-config.md"), "utf8");

/** The keys in the first column of the page's tables: `retention.logDays` gives that path. */
const documented = [...page.matchAll(/^\| `([\w.]+)`\s+\|/gm)].map(([, key]) => key ?? "");

/** The object schema inside defaults, optionals and refinements, if the key holds an object. */
function objectKeys(schema: unknown): string[] {
  let s = schema as { shape?: Record<string, unknown>; def?: { innerType?: unknown } } | undefined;
  while (s && !s.shape && s.def?.innerType) s = s.def.innerType as typeof s;
  return s?.shape ? Object.keys(s.shape) : [];
}

describe("docs/stack-config.md", () => {
  it("documents every stack config key", () => {
    const topLevel = documented.map((key) => key.split(".")[0]);
    expect(topLevel).to.include.members(Object.keys(stackConfigSchema.shape));
  });

  it("documents every field of a key it lists field by field", () => {
    const split = Object.entries(stackConfigSchema.shape).filter(([key]) =>
      documented.some((d) => d.startsWith(`${key}.`)),
    );
    expect(split.map(([key]) => key)).to.include("retention");
    for (const [key, schema] of split) {
      const fields = objectKeys(schema).map((f) => `${key}.${f}`);
      expect(fields, key).to.have.length.greaterThan(0);
      expect(documented, key).to.include.members(fields);
    }
  });
});
