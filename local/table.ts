/** A cell as DuckDB's JSON conversion gives it (BIGINTs arrive as strings). */
export type Cell =
  string | number | boolean | null | readonly Cell[] | { readonly [k: string]: Cell };

const NUMERIC = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;

/** Fractions are shown with at most 2 decimals; whole numbers and text as they are. */
export function formatCell(cell: Cell): string {
  if (cell === null) return "NULL";
  if (typeof cell === "number") {
    return Number.isInteger(cell) ? String(cell) : String(Math.round(cell * 100) / 100);
  }
  if (typeof cell === "object") return JSON.stringify(cell);
  return String(cell);
}

export interface TableOptions {
  /** Put before every line. @default "" */
  readonly indent?: string;
  /** End with "(n rows)". @default true */
  readonly rowCount?: boolean;
}

/** Rows under a header, columns padded to their widest cell; numbers aligned right. */
export function formatTable(
  columns: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: TableOptions = {},
): string {
  const text = rows.map((row) => columns.map((_, i) => formatCell(row[i] ?? null)));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((r) => (r[i] ?? "").length)));
  const numeric = columns.map(
    (_, i) => text.length > 0 && text.every((r) => NUMERIC.test(r[i] ?? "") || r[i] === "NULL"),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const indent = options.indent ?? "";
  const lines = [line(columns), widths.map((w) => "-".repeat(w)).join("  "), ...text.map(line)];
  if (options.rowCount ?? true) lines.push(`(${rows.length} row${rows.length === 1 ? "" : "s"})`);
  return lines.map((l) => `${indent}${l}`).join("\n");
}
