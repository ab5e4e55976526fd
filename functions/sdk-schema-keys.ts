import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const CONSTANT = /^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm;
const COMPUTED_KEY = /\[(_\w+)\]:/g;
/** A function with parameters could shadow a constant; such a file is left as it is. */
const HAS_PARAMETERS = /\bfunction\b|[\w$]\s*=>|\([^()]*[\w$][^()]*\)\s*=>/;

/**
 * One SDK schema module with each `{ [_c]: … }` key spelled as the constant's string. esbuild
 * keeps an object literal whose computed key is not a literal, so without this every
 * operation's schema of a client stays in a bundle that sends one of them.
 */
export function literalSchemaKeys(source: string): string {
  if (HAS_PARAMETERS.test(source)) return source;
  const values = new Map<string, string>();
  for (const [, name, literal] of source.matchAll(CONSTANT)) values.set(name!, literal!);
  return source.replace(COMPUTED_KEY, (key, name: string) => {
    const literal = values.get(name);
    return literal === undefined ? key : `[${literal}]:`;
  });
}

/** Per node_modules folder: the aliases to its rewritten client copies, made once a process. */
const prepared = new Map<string, Record<string, string>>();

/**
 * Copies of the AWS SDK clients installed under `nodeModules`, their schema modules rewritten
 * by literalSchemaKeys, as esbuild aliases. Copying takes about a third of a second, so the
 * copies are made once per process (node_modules does not change under a running build) and
 * removed when it exits.
 */
function prunableSdkAliases(nodeModules: string): Record<string, string> {
  const made = prepared.get(nodeModules);
  if (made) return made;
  const sdk = path.join(nodeModules, "@aws-sdk");
  const clients = existsSync(sdk)
    ? readdirSync(sdk).filter((c) => existsSync(path.join(sdk, c, "dist-es", "schemas")))
    : [];
  const copies = mkdtempSync(path.join(tmpdir(), "sdk-schemas-"));
  process.once("exit", () => rmSync(copies, { recursive: true, force: true }));
  const alias: Record<string, string> = {};
  for (const client of clients) {
    const copy = path.join(copies, client);
    cpSync(path.join(sdk, client), copy, {
      recursive: true,
      filter: (p) => !/[\\/]dist-(cjs|types)$/.test(p),
    });
    const schemas = path.join(copy, "dist-es", "schemas");
    for (const file of readdirSync(schemas).filter((f) => f.endsWith(".js"))) {
      const at = path.join(schemas, file);
      writeFileSync(at, literalSchemaKeys(readFileSync(at, "utf8")));
    }
    alias[`@aws-sdk/${client}`] = copy;
  }
  prepared.set(nodeModules, alias);
  return alias;
}

/**
 * Runs `build` with esbuild aliases to the rewritten copies of the AWS SDK clients installed
 * beside the handlers (see prunableSdkAliases). An alias applies to every importer, so a
 * client nested at another version under some package would be bundled as the top-level one:
 * the lockfile installs one of each.
 */
export function withPrunableSdkSchemas<T>(
  nodeModules: string,
  build: (alias: Record<string, string>) => T,
): T {
  return build(prunableSdkAliases(nodeModules));
}
