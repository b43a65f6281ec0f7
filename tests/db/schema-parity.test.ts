import type { InferInsertModel, InferSelectModel, Table } from "drizzle-orm";
import { integer as pgInteger, pgTable, text as pgText } from "drizzle-orm/pg-core";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as sqliteSchema from "../../db/schema.ts";
import * as pgSchema from "../../db/schema-pg.ts";
import { schemaDifferences, schemaShapes } from "../support/schema-shape.ts";

/**
 * db/schema.ts (SQLite) and db/schema-pg.ts (PostgreSQL) must describe one data model: a table or
 * column added to one and not the other, or a nullability, default, JS type, key or index that
 * differs, fails here with one line per difference.
 */
describe("the PostgreSQL schema mirrors the SQLite schema", () => {
  it("has the same tables, columns, JS types, defaults, keys, indexes and foreign keys", () => {
    const differences = schemaDifferences(schemaShapes(sqliteSchema), schemaShapes(pgSchema));
    expect(differences, `change db/schema-pg.ts with db/schema.ts, then npm run db:generate:pg:\n${differences.join("\n")}`).toEqual([]);
    expect(schemaShapes(pgSchema).size).toBeGreaterThanOrEqual(23);
  });

  it("exports each table under the same name in both files", () => {
    const exported = (schema: Record<string, unknown>) => Object.keys(schema).filter((k) => schemaShapes({ [k]: schema[k] }).size === 1).sort();
    expect(exported(pgSchema)).toEqual(exported(sqliteSchema));
  });

  it("notices a column that one schema has and the other lacks, and a nullability that differs", () => {
    const before = { notes: sqliteTable("notes", { id: integer("id").primaryKey({ autoIncrement: true }), body: text("body").notNull() }) };
    const after = { notes: pgTable("notes", { id: pgInteger("id").primaryKey().generatedByDefaultAsIdentity(), body: pgText("body"), extra: pgText("extra") }) };
    expect(schemaDifferences(schemaShapes(before), schemaShapes(after))).toEqual([
      "notes.body: notNull true in SQLite, false in PostgreSQL",
      "notes.extra: column only in PostgreSQL",
    ]);
  });
});

// The same row types at compile time (`npm run typecheck`): a repository written against one
// schema's rows type-checks against the other's. A mismatch makes the assignments below fail tsc.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type TablesOf<S> = { [K in keyof S as S[K] extends Table ? K : never]: S[K] };
type SelectRows<S> = { [K in keyof TablesOf<S>]: TablesOf<S>[K] extends Table ? InferSelectModel<TablesOf<S>[K]> : never };
type InsertRows<S> = { [K in keyof TablesOf<S>]: TablesOf<S>[K] extends Table ? InferInsertModel<TablesOf<S>[K]> : never };
const sameSelectRows: Same<SelectRows<typeof sqliteSchema>, SelectRows<typeof pgSchema>> = true;
const sameInsertRows: Same<InsertRows<typeof sqliteSchema>, InsertRows<typeof pgSchema>> = true;
void sameSelectRows;
void sameInsertRows;
