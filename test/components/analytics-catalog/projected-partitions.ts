import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { Parser } from "node-sql-parser";
import { PARTITION_KEYS } from "../../../components/analytics-catalog/tables";

type Node = Record<string, unknown>;
const PARTITION_NAMES = new Set(PARTITION_KEYS.map((k) => k.name));

/** The top-level AND-ed terms of a WHERE clause. */
function conjuncts(node: Node | null | undefined): Node[] {
  if (!node) return [];
  if (node.type === "binary_expr" && node.operator === "AND") {
    return [...conjuncts(node.left as Node), ...conjuncts(node.right as Node)];
  }
  return [node];
}

function columnsIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => columnsIn(n, found));
  else if (node && typeof node === "object") {
    const n = node as Node;
    if (n.type === "column_ref") {
      const column = n.column as string | { expr?: { value?: string } };
      found.add(typeof column === "string" ? column : String(column.expr?.value));
      return found;
    }
    // A bare "timestamp" parses as a double-quoted string: it is a column, not a partition key.
    if (n.type === "double_quote_string") found.add(String(n.value));
    Object.values(n).forEach((v) => columnsIn(v, found));
  }
  return found;
}

/**
 * Every WHERE clause of the statement (each SELECT of a UNION, subqueries included), reduced to
 * the terms that name partition keys only: what partition projection can evaluate before
 * reading anything.
 */
export function partitionPredicates(sql: string): string[] {
  const parser = new Parser();
  const opts = { database: "trino" };
  const predicates: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const n = node as Node;
    if (n.type === "select") {
      const terms = conjuncts(n.where as Node).filter((t) => {
        // A subquery's answer is known only once it has run: projection cannot use it.
        if (JSON.stringify(t).includes('"ast"')) return false;
        const cols = columnsIn(t);
        return cols.size > 0 && [...cols].every((c) => PARTITION_NAMES.has(c));
      });
      predicates.push(terms.map((t) => `(${parser.exprToSQL(t as never, opts)})`).join(" AND "));
    }
    Object.values(n).forEach(visit);
  };
  visit(parser.astify(sql, opts));
  return predicates;
}

/** "first,last" of an integer projection. */
function range(parameters: Record<string, unknown>, key: string): [number, number] {
  const value = String(parameters[`projection.${key}.range`]);
  const [first, last] = value.split(",").map(Number);
  if (first === undefined || last === undefined) throw new Error(`bad range for ${key}: ${value}`);
  return [first, last];
}

/**
 * How many partitions Athena projects for each SELECT of `sql`: every combination of the
 * projected integer ranges (impossible dates included, as Athena enumerates them) that the
 * SELECT's partition terms allow. A SELECT with no such term projects the whole range.
 */
export async function projectedPartitions(
  parameters: Record<string, unknown>,
  sql: string,
): Promise<number[]> {
  const db = await grid(parameters);
  const counts: number[] = [];
  for (const predicate of partitionPredicates(sql)) {
    const reader = await db.runAndReadAll(
      `SELECT count(*) FROM partitions${predicate ? ` WHERE ${predicate}` : ""}`,
    );
    counts.push(Number(reader.getRows()[0]?.[0]));
  }
  return counts;
}

const grids = new Map<string, Promise<DuckDBConnection>>();

/** One in-memory table of every projected partition per set of parameters, built once. */
function grid(parameters: Record<string, unknown>): Promise<DuckDBConnection> {
  const key = JSON.stringify(parameters);
  let db = grids.get(key);
  if (!db) {
    db = (async () => {
      const connection = await (await DuckDBInstance.create(":memory:")).connect();
      await connection.run("SET TimeZone = 'UTC'");
      await connection.run("CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)");
      const axes = PARTITION_KEYS.map((k) => {
        const [first, last] = range(parameters, k.name);
        return `range(${first}, ${last + 1}) AS ${k.name}_(${k.name})`;
      });
      await connection.run(`CREATE TABLE partitions AS SELECT * FROM ${axes.join(", ")}`);
      return connection;
    })();
    grids.set(key, db);
  }
  return db;
}
