// The promise guard of issue 11: with async repositories, a call that is not awaited runs its query
// later, outside the transaction it was meant for, or not before the reply. These type-aware rules
// make a missing `await` fail (tests/architecture/promises-awaited.test.ts runs them in `npm test`).
// A promise left running on purpose says so: `void start()`, or a `.catch(…)` that handles it.
import tseslint from "typescript-eslint";

export default tseslint.config({
  files: ["src/**/*.ts", "bots/**/*.ts", "db/**/*.ts"],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
  },
  plugins: { "@typescript-eslint": tseslint.plugin },
  linterOptions: { reportUnusedDisableDirectives: "off" },
  rules: {
    "@typescript-eslint/no-floating-promises": "error",
    "@typescript-eslint/no-misused-promises": ["error", { checksConditionals: true, checksVoidReturn: { arguments: false, attributes: false, properties: false }, checksSpreads: true }],
    "@typescript-eslint/await-thenable": "error",
  },
});
