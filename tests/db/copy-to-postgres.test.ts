import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getTableColumns, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { closePostgres, openPostgres, openPostgresAppDb } from "../../db/pg-client.ts";
import * as sqliteSchema from "../../db/schema.ts";
import * as pgSchema from "../../db/schema-pg.ts";
import Database from "better-sqlite3";
import { dbCommand } from "../../src/cli/db-command.ts";
import { CliError, type Say } from "../../src/cli/cli-context.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { fillProvince } from "../support/filled-sqlite-database.ts";
import { startPostgres, type PostgresServer } from "../support/postgres-server.ts";
import { skipPostgres } from "../support/postgres-tests.ts";
import { runCli } from "../support/run-cli.ts";
import { schemaShapes } from "../support/schema-shape.ts";
import { testConfig } from "../support/test-config.ts";

const translator = createTranslator("vi");
const now = new Date("2026-12-05T03:04:05.678Z");

describe.skipIf(skipPostgres)("cli db copy: a province from SQLite to PostgreSQL", { timeout: 180_000 }, () => {
  let server: PostgresServer;
  let dir: string;
  let sqliteFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chitieu-copy-"));
    sqliteFile = join(dir, "province.db");
    const db = openDatabase(sqliteFile);
    await fillProvince(db, now);
    await closeDatabase(db);
    server = await startPostgres();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("copies every table, row by row and column by column, and new rows continue after the copied ids", async () => {
    const url = await server.createDatabase("province_copy");
    const run = await runCli(dir, ["db", "copy", "--from", sqliteFile, "--to", url], { LANG: "vi_VN.UTF-8" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    const source = openDatabase(sqliteFile);
    const target = await openPostgres(url);
    // The repositories' way in: the SQLite builder over db/schema.ts, run on PostgreSQL.
    const asRepositoriesRead = await openPostgresAppDb(url, { max: 2 });
    try {
      const pgTables = new Map(pgTablesOf().map((t) => [tableName(t), t]));
      const sqliteTables = sqliteTablesOf();
      expect(sqliteTables.length).toBe(28);
      for (const table of sqliteTables) {
        const name = tableName(table);
        const expected = sortByKey((await source.select().from(table).all()) as Row[], name);
        expect(expected.length, `add a row to table ${name} in tests/support/filled-sqlite-database.ts`).toBeGreaterThan(0);
        // Every column of every row, with the JS values the SQLite schema reads (Date, boolean, parsed JSON).
        const throughSqliteBuilder = sortByKey((await asRepositoriesRead.select().from(table)) as Row[], name);
        expect(throughSqliteBuilder, `table ${name} read with the SQLite builder on PostgreSQL`).toEqual(expected);
        const throughPgSchema = sortByKey((await target.select().from(pgTables.get(name)!)) as Row[], name).map(normalise);
        expect(throughPgSchema, `table ${name} read with db/schema-pg.ts`).toEqual(expected.map(normalise));
        // What is stored, column by column: the numbers, 0/1 and text SQLite holds (JSON compared as values: jsonb keeps no spacing).
        const columns = Object.values(getTableColumns(table)).map((c) => c.name);
        const list = columns.map((c) => `"${c}"`).join(", ");
        const rawSqlite = (await source.all(sql.raw(`select ${list} from "${name}" order by ${orderOf(name)}`))) as unknown[][];
        const rawPg = (await asRepositoriesRead.all(sql.raw(`select ${list} from "${name}" order by ${orderOf(name)}`))) as unknown[][];
        const jsonColumns = Object.values(getTableColumns(table)).map((c) => c.dataType === "json");
        const comparable = (rows: unknown[][]) => rows.map((r) => r.map((v, i) => (jsonColumns[i] && typeof v === "string" ? JSON.parse(v) : v)));
        expect(comparable(rawPg), `table ${name} as stored`).toEqual(comparable(rawSqlite));
        expect(run.stdout).toContain(translator.t("vi", { key: "ops.copy.table", params: { table: name, rows: expected.length } }));
      }
      expect(run.stdout).toMatch(/Đã chép \d+ dòng của 28 bảng sang postgres:\/\/postgres@127\.0\.0\.1:\d+\/province_copy/);

      // The copy leaves the planner its statistics (ANALYZE after the commit), not guesses until autovacuum comes by.
      const analyzed = await target.execute<{ relname: string; analyzed: boolean }>(sql`select relname, last_analyze is not null as analyzed from pg_stat_user_tables where relname in ('reports', 'report_revisions', 'reminder_deliveries')`);
      expect(analyzed.rows.map((r) => [r.relname, r.analyzed]).sort()).toEqual([["reminder_deliveries", true], ["report_revisions", true], ["reports", true]]);

      const maxPlanId = Math.max(...(await source.select().from(sqliteSchema.plans).all()).map((p) => p.id));
      const [plan] = await target.insert(pgSchema.plans).values({ key: "kh-moi", number: "99/KH-UBND" }).returning();
      expect(plan!.id).toBe(maxPlanId + 1);
      const [unit] = await target.insert(pgSchema.units).values({ name: "Xã Mới", key: "xa moi", kind: "commune" }).returning();
      expect(unit!.id).toBe(Math.max(...(await source.select().from(sqliteSchema.units).all()).map((u) => u.id)) + 1);
    } finally {
      await closeDatabase(source);
      await closePostgres(target);
      await asRepositoriesRead.$executor.close();
    }
  });

  it("refuses a target that already holds rows, and changes nothing in it", async () => {
    const url = await server.createDatabase("province_filled");
    const target = await openPostgres(url);
    try {
      await target.insert(pgSchema.plans).values({ key: "kh-khac", number: "1/KH" });
      const run = await runCli(dir, ["db", "copy", "--from", sqliteFile, "--to", url.replace("postgres@", "postgres:mat-khau@")], { LANG: "vi_VN.UTF-8" });
      expect(run.code).toBe(2);
      const shown = url.replace("postgres@", "postgres:***@");
      expect(run.stderr.trim()).toBe(translator.t("vi", { key: "ops.copy.targetNotEmpty", params: { to: shown, count: 1, tables: "plans" } }));
      expect(run.stderr).not.toContain("mat-khau");
      expect(await target.$count(pgSchema.plans)).toBe(1);
      expect(await target.$count(pgSchema.people)).toBe(0);
    } finally {
      await closePostgres(target);
    }
  });

  it("writes nothing when a row fails half-way: one transaction", async () => {
    const broken = join(dir, "broken.db");
    const db = openDatabase(broken);
    await fillProvince(db, now);
    // PostgreSQL text cannot hold a NUL character; SQLite can. audit_log is copied late, after most tables.
    await db.insert(sqliteSchema.auditLog).values({ at: now, actor: "cli", action: "x\u0000y", entity: "test" }).run();
    await closeDatabase(db);
    const url = await server.createDatabase("province_rollback");
    const run = await runCli(dir, ["db", "copy", "--from", broken, "--to", url], { LANG: "en_US.UTF-8" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("The copy failed half-way: table audit_log:");
    expect(run.stderr).toContain("rolled back");
    expect(run.stderr).not.toContain("    at ");
    const target = await openPostgres(url);
    try {
      for (const table of pgTablesOf()) {
        expect(await target.$count(table), tableName(table)).toBe(0);
      }
    } finally {
      await closePostgres(target);
    }
  });

  it("says what it needs when the target is missing, wrong, or unreachable", async () => {
    const say: Say = (key, params) => translator.t("vi", { key, ...(params ? { params } : {}) });
    const source = openDatabase(sqliteFile);
    const ctx = { config: testConfig(dir), db: source, now: () => now, out: () => {}, locale: "vi" as const, say };
    try {
      await expect(dbCommand(ctx, ["copy", "--from", sqliteFile])).rejects.toThrow(new CliError(say("ops.copy.needTo")));
      await expect(dbCommand(ctx, ["copy", "--from", sqliteFile, "--to", "mysql://u:p@h/db"])).rejects.toThrow(new CliError(say("ops.copy.badUrl", { to: "mysql://u:***@h/db" })));
      const nowhere = `postgres://postgres@127.0.0.1:${server.port}/khong_co`;
      await expect(dbCommand(ctx, ["copy", "--from", join(dir, "nope.db"), "--to", nowhere])).rejects.toThrow(new CliError(say("ops.copy.noFile", { from: join(dir, "nope.db") })));
      await expect(dbCommand(ctx, ["copy", "--from", sqliteFile, "--to", nowhere])).rejects.toThrow(
        new CliError(say("ops.copy.cannotConnect", { to: nowhere, detail: 'database "khong_co" does not exist (3D000)' })),
      );
      const notChitieu = join(dir, "other.db");
      new Database(notChitieu).close();
      const empty = await server.createDatabase("province_untouched");
      await expect(dbCommand(ctx, ["copy", "--from", notChitieu, "--to", empty])).rejects.toThrow(new CliError(say("ops.copy.notChitieu", { from: notChitieu })));
    } finally {
      await closeDatabase(source);
    }
  });

  it("explains itself in --help, in Vietnamese", async () => {
    const help = await runCli(dir, ["db", "--help"], { LANG: "vi_VN.UTF-8" });
    expect(help.code).toBe(0);
    expect(help.stdout.trim()).toBe(translator.t("vi", { key: "cli.help.db" }));
    expect(help.stdout).toContain("db copy [--from <tệp SQLite>] [--to <postgres://…>]");
  });
});

type Row = Record<string, unknown>;

function pgTablesOf(): PgTable[] {
  return (Object.values(pgSchema) as unknown[]).filter((t): t is PgTable => is(t, PgTable));
}

function sqliteTablesOf(): SQLiteTable[] {
  return (Object.values(sqliteSchema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable));
}

function tableName(table: SQLiteTable | PgTable): string {
  return (table as unknown as Record<symbol, string>)[Symbol.for("drizzle:Name")]!;
}

/** Rows in primary-key order, whatever order each engine returned them in. */
function sortByKey(rows: Row[], table: string): Row[] {
  const shape = schemaShapes(sqliteSchema).get(table)!;
  const keyColumns = shape.primaryKeys[0] ?? Object.values(shape.columns).filter((c) => c.primary).map((c) => c.name);
  const keys = Object.entries(shape.columns).filter(([, c]) => keyColumns.includes(c.name)).map(([k]) => k);
  const keyOf = (r: Row) => JSON.stringify(keys.map((k) => r[k]));
  return [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

/** The primary key's columns, as an ORDER BY for raw reads. */
function orderOf(table: string): string {
  const shape = schemaShapes(sqliteSchema).get(table)!;
  const keyColumns = shape.primaryKeys[0] ?? Object.values(shape.columns).filter((c) => c.primary).map((c) => c.name);
  return keyColumns.map((c) => `"${c}"`).join(", ");
}

/** Values both engines must agree on: a Date as its ISO instant, everything else as the schema reads it. */
function normalise(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}

