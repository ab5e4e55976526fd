import { expect } from "chai";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { markdownFiles, readPage, ROOT } from "./markdown";

const TS_LANGS = new Set(["ts", "typescript"]);

/** A code block: its page, the line of its opening fence, its code. */
interface Example {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

/** Every ```ts / ```typescript block of the README and docs/, with the line of its fence. */
const examples = markdownFiles().flatMap((file) =>
  readPage(file)
    .codeBlocks.filter((b) => TS_LANGS.has(b.lang))
    .map((b) => ({ file, line: b.line, code: b.code })),
);

/**
 * The compiler options of Pulumi's aws-typescript template (test/package/consumer/tsconfig.json),
 * with the package's name mapped to this repository's sources: the packed tarball under these same
 * options is test/package/consumer.test.ts's job.
 */
const consumerOptions: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  experimentalDecorators: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
  noEmit: true,
  types: ["node"],
  paths: {
    "infra-monitoring-pipeline": [path.join(ROOT, "components", "index.ts")],
    "infra-monitoring-pipeline/schemas": [path.join(ROOT, "components", "schemas.ts")],
  },
};

/** Type-checks each example as its own module of a consumer project; the errors, by example. */
function typeCheck(blocks: readonly Example[]): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "doc-examples-"));
  try {
    // The consumer's own dependencies (@pulumi/pulumi, @pulumi/aws, @types/node), offline.
    symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    const files = blocks.map((b, i) => {
      const file = path.join(dir, `example-${i}.ts`);
      // Each block is its own module, as a file in a project would be.
      writeFileSync(file, `${b.code}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram(files, consumerOptions);
    // The library's sources are checked by `npm run typecheck` under their own options, and
    // the declarations a consumer gets by the package test; here only the examples are judged.
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...files.flatMap((f) => ts.getPreEmitDiagnostics(program, program.getSourceFile(f))),
    ];
    return diagnostics.map((d) => {
      const index = d.file ? files.indexOf(d.file.fileName) : -1;
      const block = blocks[index];
      const line =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
      // The code starts on the line after the fence.
      const where = block
        ? `${block.file}:${block.line + 1 + line}`
        : (d.file?.fileName ?? "options");
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A wrong example, checked in the same program: the check must name its page and line. */
const PLANTED: Example = {
  file: "docs/planted.md",
  line: 7,
  code: `import { MetricStore } from "infra-monitoring-pipeline";\nnew MetricStore("m", { lifecycle: { expireDays: "180" } });`,
};

describe("the TypeScript examples in the README and docs", function () {
  this.timeout(180_000);
  let errors: string[];
  before(() => {
    errors = typeCheck([...examples, PLANTED]);
  });

  it("are found: the facade's and the components' examples at least", () => {
    expect(examples.map((e) => e.file)).to.include.members([
      "docs/components/monitoring-pipeline.md",
      "docs/library.md",
    ]);
  });

  it("compile as a consumer's program with 0 errors", () => {
    expect(errors.filter((e) => !e.startsWith(PLANTED.file))).to.deep.equal([]);
  });

  it("would show an example's type error, naming the page and line", () => {
    const planted = errors.filter((e) => e.startsWith(PLANTED.file));
    expect(planted).to.have.length(1);
    expect(planted[0]).to.match(/^docs\/planted\.md:9: Type 'string' is not assignable to type/);
  });
});
