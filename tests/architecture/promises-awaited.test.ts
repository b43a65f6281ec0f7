import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The promise guard (issue 11): repositories are async, so a missing `await` runs a query later,
 * outside its transaction, or after the reply went. ESLint's type-aware rules (eslint.config.js) on
 * src/, bots/ and db/: no floating promise, no promise where a boolean or a void callback is meant
 * (`if (findX())`), no await of a non-promise.
 */
describe("every promise is awaited (or visibly let go with `void`)", () => {
  it("src/, bots/ and db/ pass no-floating-promises, no-misused-promises and await-thenable", { timeout: 180_000 }, async () => {
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(["src/**/*.ts", "bots/**/*.ts", "db/**/*.ts"]);
    const problems = results.flatMap((r) => r.messages.map((m) => `${relative(root, r.filePath)}:${m.line} ${m.ruleId ?? "parse"}: ${m.message}`));
    expect(problems, "await the call, or mark a promise left running on purpose with `void`").toEqual([]);
  });

  it("catches a missing await, a promise used as a condition, and an await of a plain value", { timeout: 60_000 }, async () => {
    const eslint = new ESLint({ cwd: root });
    const code = [
      'import { findPersonById } from "../../db/repositories/people-repository.ts";',
      'import type { Db } from "../../db/client.ts";',
      "export async function f(db: Db): Promise<number> {",
      "  findPersonById(db, 1);",
      "  if (findPersonById(db, 2)) return 1;",
      "  return await 3;",
      "}",
    ].join("\n");
    // Linted as the text of a file the project has (the project service types only its files); the file itself is untouched.
    const [result] = await eslint.lintText(code, { filePath: resolve(root, "src/services/catalogue-cache.ts") });
    expect(result!.messages.map((m) => m.ruleId).sort()).toEqual(["@typescript-eslint/await-thenable", "@typescript-eslint/no-floating-promises", "@typescript-eslint/no-misused-promises"]);
  });
});
