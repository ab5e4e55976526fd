// Type-aware linting: no-floating-promises needs the type checker.
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

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
