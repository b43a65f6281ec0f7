import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** An import (static, dynamic or type-only, any quoting) of drizzle-orm or any of its subpaths, or of db/schema. */
const queryImport = /(?:from\s*|import\s*\(\s*|import\s+)["']((?:drizzle-orm(?:\/[^"']*)?)|(?:[^"']*\/db\/schema(?:\.ts)?))["']/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(?:[cm]?ts|tsx|[cm]?js)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

function queryImportsOf(file: string): string[] {
  return [...readFileSync(join(root, file), "utf8").matchAll(queryImport)].map((m) => m[1]!);
}

describe("queries live only in db/ (repositories)", () => {
  it("no file under src/ or bots/ imports drizzle-orm or db/schema", () => {
    const offenders = ["src", "bots"]
      .flatMap(sourceFiles)
      .flatMap((f) => queryImportsOf(f).map((what) => `${f} imports ${what}`));
    expect(offenders, "move these queries into db/repositories/* and call the repository function").toEqual([]);
  });

  it("sees an import of drizzle-orm, a subpath of it, or db/schema, whatever its form", () => {
    const lines = [
      'import { eq } from "drizzle-orm";',
      "import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';",
      'import { people } from "../../db/schema.ts";',
      'const schema = await import("../db/schema");',
    ];
    expect(lines.map((l) => [...l.matchAll(queryImport)].map((m) => m[1]))).toEqual([["drizzle-orm"], ["drizzle-orm/sqlite-core"], ["../../db/schema.ts"], ["../db/schema"]]);
    expect([...'import { x } from "../domain/schema-version.ts";'.matchAll(queryImport)]).toEqual([]);
  });
});
