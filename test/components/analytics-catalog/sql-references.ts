import { Parser } from "node-sql-parser";

export type Dialect = "athena" | "trino";

export interface References {
  /** Tables read, as "db.table". */
  readonly tables: string[];
  /** Every column the statement names (struct fields as "column.field"). */
  readonly columns: string[];
  /** Columns named in the outer WHERE clause. */
  readonly whereColumns: string[];
  /** Output aliases (AS …), which ORDER BY may name as if they were columns. */
  readonly aliases: string[];
}

type Node = Record<string, unknown>;

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
  } else if (node && typeof node === "object") {
    visit(node as Node);
    for (const value of Object.values(node)) walk(value, visit);
  }
}

/** A column_ref's name: node-sql-parser gives a string or an { expr: { value } } wrapper. */
function columnName(ref: Node): string {
  const column = ref.column as string | { expr?: { value?: string } };
  return typeof column === "string" ? column : String(column.expr?.value);
}

/**
 * What a statement reads, from node-sql-parser's columnList and AST. In Athena SQL double quotes
 * always quote an identifier, but the parser reads a bare "timestamp" as a string node, so those
 * nodes are counted as columns too.
 */
export function references(sql: string, dialect: Dialect): References {
  const parsed = new Parser().parse(sql, { database: dialect });
  const statements = Array.isArray(parsed.ast) ? parsed.ast : [parsed.ast];
  if (statements.length !== 1 || statements[0]?.type !== "select") {
    throw new Error("expected exactly one SELECT statement");
  }
  const tables = parsed.tableList.map((entry) => entry.split("::").slice(1).join("."));
  const tableNames = new Set(tables.map((t) => t.split(".").pop()));
  const columns = new Set<string>();
  for (const entry of parsed.columnList) {
    const [, table, column] = entry.split("::");
    // A qualifier that is no table is a struct column: metadata.collection_method.
    const isStruct = table && table !== "null" && !tableNames.has(table);
    columns.add(isStruct ? `${table}.${column}` : String(column));
  }
  const aliases: string[] = [];
  walk(statements, (n) => {
    if (n.type === "double_quote_string") columns.add(String(n.value));
    if (n.type === "expr" && typeof n.as === "string") aliases.push(n.as);
  });
  const whereColumns = new Set<string>();
  walk((statements[0] as unknown as Node).where, (n) => {
    if (n.type === "column_ref") whereColumns.add(columnName(n));
  });
  return { tables, columns: [...columns], whereColumns: [...whereColumns], aliases };
}
