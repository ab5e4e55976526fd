/**
 * npm run query -- <named query | "SQL"> | --list
 * AnalyticsCatalog's named queries (or any SQL) over the local lake, in DuckDB.
 */
import { parseQueryArgs, QUERY_USAGE, runMain, UsageError } from "./args";
import { localPaths } from "./layout";
import { localNamedQueries, queryLake } from "./lake-db";
import { formatTable } from "./table";

/** A bare kebab-case word is meant as a query name, anything else as SQL. */
const LOOKS_LIKE_A_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

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
  if (named) console.log(`-- ${named.name}: ${named.description}`);
  const result = await queryLake(localPaths(options.dataDir).lake, named?.sql ?? query);
  console.log(formatTable(result.columns, result.rows));
  return 0;
}

runMain(
  () => main(process.argv.slice(2)),
  QUERY_USAGE,
  (err) => `query failed: ${err.message}`,
);
