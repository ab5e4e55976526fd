/**
 * npm run query -- <named query | "SQL"> | --list
 * AnalyticsCatalog's named queries (or any SQL) over the local lake, in DuckDB.
 */
import { existsSync, readdirSync } from "node:fs";
import { CommandError, parseQueryArgs, QUERY_USAGE, runMain, UsageError } from "./args";
import { localPaths, type LocalPaths } from "./layout";
import { localNamedQueries, queryLake } from "./lake-db";
import { shown } from "./report";
import { formatCsv, formatJson, formatTable } from "./table";

/** A bare kebab-case word is meant as a query name, anything else as SQL. */
const LOOKS_LIKE_A_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A query over no data would print "(0 rows)" and hide that the folder is wrong. */
function requireLake(paths: LocalPaths): void {
  if (!existsSync(paths.root)) {
    throw new CommandError(
      `no data folder at ${shown(paths.root)}: run npm start first, or give --data-dir`,
    );
  }
  if (!existsSync(paths.lake) || readdirSync(paths.lake).length === 0) {
    throw new CommandError(
      `the data folder ${shown(paths.root)} has no lake yet (nothing under ${shown(paths.lake)}): run npm start first`,
    );
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseQueryArgs(argv);
  if (options.help) {
    console.log(QUERY_USAGE);
    return 0;
  }
  const queries = localNamedQueries();
  if (options.list) {
    const width = Math.max(...queries.map((q) => q.name.length));
    for (const q of queries) console.log(`${q.name.padEnd(width)}  ${q.description}`);
    return 0;
  }
  const query = options.query ?? "";
  const named = queries.find((q) => q.name === query);
  if (!named && LOOKS_LIKE_A_NAME.test(query)) {
    throw new UsageError(
      `unknown query "${query}"; the named queries are: ${queries.map((q) => q.name).join(", ")}`,
    );
  }
  const paths = localPaths(options.dataDir);
  requireLake(paths);
  const result = await queryLake(paths.lake, named?.sql ?? query);
  if (options.format === "csv") console.log(formatCsv(result.columns, result.rows));
  else if (options.format === "json") console.log(formatJson(result.columns, result.rows));
  else {
    if (named) console.log(`-- ${named.name}: ${named.description}`);
    console.log(formatTable(result.columns, result.rows));
  }
  return 0;
}

runMain(
  () => main(process.argv.slice(2)),
  QUERY_USAGE,
  (err) => `query failed: ${err.message}`,
);
