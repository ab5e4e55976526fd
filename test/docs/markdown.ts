import GithubSlugger from "github-slugger";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** README.md and every page under docs/, as paths relative to the root. */
export function markdownFiles(): string[] {
  const pages = readdirSync(path.join(ROOT, "docs"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join("docs", f))
    .sort();
  return ["README.md", ...pages];
}

export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

export interface Link {
  readonly target: string;
  readonly line: number;
}

export interface MarkdownPage {
  readonly file: string;
  /** The anchors GitHub gives the page's headings (github-slugger, duplicates numbered). */
  readonly anchors: ReadonlySet<string>;
  readonly links: readonly Link[];
  readonly codeBlocks: readonly CodeBlock[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/;

/** Reads a page: its headings, links and fenced code blocks (links inside code are not links). */
export function readPage(file: string): MarkdownPage {
  const lines = readFileSync(path.join(ROOT, file), "utf8").split("\n");
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  const links: Link[] = [];
  const codeBlocks: CodeBlock[] = [];
  let open: { fence: string; lang: string; line: number; body: string[] } | undefined;
  lines.forEach((text, i) => {
    const fence = FENCE.exec(text);
    if (open) {
      if (fence && fence[1]?.startsWith(open.fence) && text.trim() === fence[1]) {
        codeBlocks.push({ lang: open.lang, code: open.body.join("\n"), line: open.line });
        open = undefined;
      } else open.body.push(text);
      return;
    }
    if (fence) {
      open = { fence: fence[1] ?? "", lang: (fence[2] ?? "").toLowerCase(), line: i + 1, body: [] };
      return;
    }
    const heading = /^ {0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(text);
    if (heading) anchors.add(slugger.slug(headingText(heading[1] ?? "")));
    const prose = text.replace(/(`+)[^`]*?\1/g, "");
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ target: m[1] ?? "", line: i + 1 });
    }
  });
  if (open) throw new Error(`${file}:${open.line}: code fence never closed`);
  return { file, anchors, links, codeBlocks };
}

/** The text GitHub renders for a heading: code spans keep their text, links their label. */
function headingText(source: string): string {
  return source
    .replace(/`([^`]*)`/g, "$1")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, "$1");
}
