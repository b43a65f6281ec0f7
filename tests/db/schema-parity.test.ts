import { getTableColumns, getTableName, is, SQL, type Column, type InferInsertModel, type InferSelectModel, type Table } from "drizzle-orm";
import { PgDialect, PgTable, integer as pgInteger, pgTable, text as pgText } from "drizzle-orm/pg-core";
import { integer, SQLiteSyncDialect, SQLiteTable, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as sqliteSchema from "../../db/schema.ts";
import * as pgSchema from "../../db/schema-pg.ts";
import { schemaDifferences, schemaShapes, type TableShape } from "../support/schema-shape.ts";

/**
 * db/schema.ts (SQLite) and db/schema-pg.ts (PostgreSQL) must describe one data model, stored alike:
 * the repositories run the SQLite builder's SQL on both (db/postgres-executor.ts). A table or column
 * added to one and not the other, or a nullability, default, stored type, key, index or foreign key
 * that differs, fails here with one line per difference.
 */
describe("the PostgreSQL schema mirrors the SQLite schema", () => {
  it("has the same tables, columns, JS types, defaults, keys, indexes and foreign keys", () => {
    const { shapes, differences: stored } = pgShapesAsSqlite();
    const differences = [...stored, ...schemaDifferences(schemaShapes(sqliteSchema), shapes)];
    expect(differences, `change db/schema-pg.ts with db/schema.ts, then npm run db:generate:pg:\n${differences.join("\n")}`).toEqual([]);
    expect(shapes.size).toBe(28);
  });

  it("stores each column as SQLite stores it: ms in bigint, 0/1 in a checked integer, JSON in jsonb (three columns in text), real in double precision", () => {
    const table = (name: string) => pgTables().find((t) => tableName(t) === name)!;
    const sqlType = (t: PgTable, key: string) => (getTableColumns(t)[key] as Column).getSQLType();
    expect(sqlType(table("plans"), "createdAt")).toBe("bigint");
    expect(sqlType(table("plans"), "approvalRequired")).toBe("integer");
    expect(sqlType(table("plans"), "problems")).toBe("jsonb");
    expect(sqlType(table("outbox"), "payload")).toBe("text");
    expect(sqlType(table("reminder_deliveries"), "lines")).toBe("text");
    expect(sqlType(table("conversation_states"), "session")).toBe("text");
    expect(sqlType(table("reports"), "valueNumber")).toBe("double precision");
    expect(pgShapesAsSqlite().shapes.get("plans")?.checks).toEqual([]);
    expect(schemaShapes(pgSchema).get("plans")?.checks).toEqual(["plans_approval_required_flag"]);
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

/** JSON columns PostgreSQL keeps as text, as SQLite does (db/schema-pg.ts, jsonText): written by the hundred, read whole. */
const jsonAsText = new Set(["outbox.payload", "reminder_deliveries.lines", "conversation_states.session"]);

/** What each SQLite column must be stored as in PostgreSQL, by the SQLite column's JS data type and SQL type. */
function expectedPgTypes(column: Column): string[] {
  const sqliteType = column.getSQLType();
  if (column.dataType === "date") return ["bigint"];
  if (column.dataType === "boolean") return ["integer"];
  if (column.dataType === "json") return jsonAsText.has(`${getTableName(column.table)}.${column.name}`) ? ["text"] : ["jsonb"];
  if (sqliteType === "real") return ["double precision"];
  if (sqliteType === "integer") return ["integer", "bigint"];
  return [sqliteType];
}

/** A default as SQL text ('[]', (unixepoch('subsec') * 1000)) or a value; false/true as the 0/1 SQLite stores. */
function defaultOf(column: Column, dialect: SQLiteSyncDialect | PgDialect): string | undefined {
  if (!column.hasDefault || column.default === undefined) return column.generatedIdentity ? "identity" : undefined;
  if (is(column.default, SQL)) return dialect.sqlToQuery(column.default).sql;
  if (typeof column.default === "boolean") return column.default ? "1" : "0";
  return JSON.stringify(column.default);
}

/**
 * The PostgreSQL shapes with what the type mapping decides taken out, once checked: each column's
 * stored type against expectedPgTypes, each default against SQLite's, the one flag CHECK per 0/1
 * column; the custom columns' JS data type ("custom") is then SQLite's (the compile-time check below
 * holds the JS types equal).
 */
function pgShapesAsSqlite(): { shapes: Map<string, TableShape>; differences: string[] } {
  const differences: string[] = [];
  const shapes = schemaShapes(pgSchema);
  const sqliteByName = new Map(sqliteTables().map((t) => [tableName(t), t]));
  for (const pgTable of pgTables()) {
    const name = tableName(pgTable);
    const sqliteTable = sqliteByName.get(name);
    const shape = shapes.get(name)!;
    if (!sqliteTable) continue;
    const sqliteColumns = getTableColumns(sqliteTable) as Record<string, Column>;
    const flags: string[] = [];
    for (const [key, pgColumn] of Object.entries(getTableColumns(pgTable) as Record<string, Column>)) {
      const sqliteColumn = sqliteColumns[key];
      if (!sqliteColumn) continue;
      const expected = expectedPgTypes(sqliteColumn);
      if (!expected.includes(pgColumn.getSQLType())) differences.push(`${name}.${key}: stored as ${pgColumn.getSQLType()} in PostgreSQL, SQLite's ${sqliteColumn.getSQLType()} (${sqliteColumn.dataType}) needs ${expected.join(" or ")}`);
      const [sqliteDefault, pgDefault] = [defaultOf(sqliteColumn, new SQLiteSyncDialect()), defaultOf(pgColumn, new PgDialect())];
      const idBoth = sqliteDefault === undefined && pgDefault === "identity" && (sqliteColumn as Column & { autoIncrement?: boolean }).autoIncrement;
      if (sqliteDefault !== pgDefault && !idBoth) differences.push(`${name}.${key}: default ${sqliteDefault} in SQLite, ${pgDefault} in PostgreSQL`);
      if (sqliteColumn.dataType === "boolean") flags.push(`${name}_${sqliteColumn.name}_flag`);
      if (pgColumn.dataType === "custom") shape.columns[key]!.dataType = sqliteColumn.dataType;
    }
    for (const flag of flags) {
      if (!shape.checks.includes(flag)) differences.push(`${name}: no CHECK ${flag} (0 or 1) in PostgreSQL`);
    }
    shape.checks = shape.checks.filter((c) => !flags.includes(c));
  }
  return { shapes, differences };
}

function pgTables(): PgTable[] {
  return (Object.values(pgSchema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
}

function sqliteTables(): SQLiteTable[] {
  return (Object.values(sqliteSchema) as unknown[]).filter((v): v is SQLiteTable => is(v, SQLiteTable));
}

function tableName(table: SQLiteTable | PgTable): string {
  return (table as unknown as Record<symbol, string>)[Symbol.for("drizzle:Name")]!;
}

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
