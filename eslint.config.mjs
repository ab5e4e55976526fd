// Type-aware linting: no-floating-promises needs the type checker.
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

/** A relative import climbing out of the file's folder to `rest`. */
const up = (rest) => `^(\\.\\./)+${rest}`;

/** One folder's forbidden imports (type-only ones included). */
const boundary = (files, pattern) => [
  { files, rules: { "no-restricted-imports": ["error", { patterns: [pattern] }] } },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      ".local/**",
      "eslint.config.mjs",
      // A consumer project fixture, compiled and linted by its own (the template's) settings.
      "test/package/consumer/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@pulumi/no-output-in-template-literal": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // Handler code is bundled: `import { z }` is zod's whole namespace as one value, which keeps
    // every locale and the JSON Schema converters in the bundle (300 KB minified).
    files: ["functions/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: 'Use `import * as z from "zod"`: tree-shaken, the named `z` is not.',
        },
      ],
    },
  },
  // Layer boundaries (test/contract/boundaries.test.ts measures the same from the sources).
  // contract/ is the leaf every layer shares; the rest depend on it, never on each other's insides.
  ...boundary(["contract/**/*.ts"], {
    regex: up("(components|config|functions|local|policies|scripts|bench|test|index)(/|$)"),
    message: "contract/ imports nothing of ours: it is the leaf every layer shares.",
  }),
  ...boundary(["functions/**/*.ts"], {
    regex: up("(components|config|local|policies)(/|$)"),
    message: "Handlers import contract/ and functions/, never the program's layers.",
  }),
  ...boundary(["components/**/*.ts"], {
    // functions/bundles: the prebuilt handler archives' paths, which the components package.
    regex: up("((local|config|policies)(/|$)|functions/(?!bundles$))"),
    message: "Components import contract/ (and functions/bundles for the handler archives).",
  }),
  ...boundary(["config/**/*.ts"], {
    regex: up("((functions|local|policies)(/|$)|components/[^/]+/.)"),
    message: "config/ imports contract/ and a component's index only.",
  }),
  ...boundary(["local/**/*.ts"], {
    regex: up("components/[^/]+/."),
    message: "The local twin uses a component through its index.ts (its public API).",
  }),
  {
    // The dashboard page's script runs in the browser, untyped: lint it without type information.
    files: ["local/dashboard/public/**/*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: "script",
      parserOptions: { projectService: false },
      globals: {
        document: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        uPlot: "readonly",
      },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      "@pulumi/no-output-in-template-literal": "off",
    },
  },
);
