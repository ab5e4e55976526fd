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

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(cell: Cell): string {
  const text = cell === null ? "" : typeof cell === "object" ? JSON.stringify(cell) : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header row, then one row per result row, CRLF-separated as RFC 4180 says. */
export function formatCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [columns, ...rows.map((r) => columns.map((_, i) => r[i] ?? null))]
    .map((r) => r.map(csvField).join(","))
    .join("\r\n");
}

/** An array of objects keyed by column name; values as DuckDB gives them (BIGINT as text). */
export function formatJson(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return JSON.stringify(
    rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))),
    null,
    2,
  );
}
