import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { getTableColumns, is, sql, type Column } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { PgDb } from "./pg-client.ts";
import * as sqliteSchema from "./schema.ts";
import * as pgSchema from "./schema-pg.ts";

/** Why a copy cannot start; `reason` picks the operator's message, the rest fills it. */
export class CopyRefused extends Error {
  override name = "CopyRefused";
  constructor(
    readonly reason: "notChitieu" | "schemaBehind" | "schemaAhead" | "targetNotEmpty" | "tableMissing",
    readonly details: Record<string, string | number>,
  ) {
    super(`${reason}: ${JSON.stringify(details)}`);
  }
}

export interface CopiedTable {
  table: string;
  rows: number;
}

/**
 * Copies every table of a chitieu SQLite file into an empty, migrated PostgreSQL database: parents
 * before children (foreign-key order), in batches, all inside one PostgreSQL transaction, so a
 * failure leaves the target as empty as it was. Ids are kept, and each identity sequence is moved
 * past the largest id. The SQLite side is read in one read transaction: the copy is the file as it
 * was at one moment, even while the service writes (what it writes after that moment is not copied).
 * Values go through both schemas' Drizzle mappings (ms integer → Date → ms bigint, 0/1 → boolean →
 * 0/1, JSON text → value → jsonb): PostgreSQL stores what SQLite stores (db/schema-pg.ts), and a value
 * SQLite holds in the wrong form (a REAL in an integer column, JSON that does not parse) is caught
 * here rather than copied. ANALYZE runs after the commit. Each table then reads, through the SQLite builder on PostgreSQL
 * (db/postgres-executor.ts), as it reads on SQLite.
 */
export async function copySqliteToPostgres(
  sqliteFile: string,
  target: PgDb,
  options: { batchSize?: number; onTable?: (copied: CopiedTable) => void } = {},
): Promise<CopiedTable[]> {
  const batchSize = options.batchSize ?? 500;
  const source = new Database(sqliteFile, { fileMustExist: true });
  let result: CopiedTable[];
  try {
    source.pragma("query_only = ON");
    checkMigrations(source);
    const tables = tablesInForeignKeyOrder();
    await refuseNonEmptyTarget(target, tables);
    source.exec("BEGIN");
    try {
      result = await target.transaction(async (tx) => {
        const copied: CopiedTable[] = [];
        for (const table of tables) {
          const rows = await copyTable(source, tx as unknown as PgDb, table, batchSize).catch((err: unknown) => {
            throw new Error(`table ${table.name}: ${driverMessage(err)}`, { cause: err });
          });
          const result = { table: table.name, rows };
          copied.push(result);
          options.onTable?.(result);
        }
        for (const table of tables) await resetIdentity(tx as unknown as PgDb, table);
        return copied;
      });
    } finally {
      source.exec("COMMIT");
    }
  } finally {
    source.close();
  }
  // Statistics for the planner now, not when autovacuum gets to the new rows: a bulk load leaves
  // none, and without them PostgreSQL guesses its plans for the first minutes of a million reports.
  await target.execute(sql`analyze`);
  return result;
}

interface TablePair {
  name: string;
  sqlite: SQLiteTable;
  pg: PgTable;
  /** JS key → SQLite column, in declaration order. */
  columns: [string, Column][];
  /** Columns that point at this same table (units.parent_id): filled in after all rows exist. */
  selfReferences: string[];
  primaryKey: string[];
}

/** Every table of db/schema.ts with its db/schema-pg.ts twin, each after the tables it references. */
export function tablesInForeignKeyOrder(): TablePair[] {
  const pgByName = new Map<string, PgTable>();
  for (const value of Object.values(pgSchema)) if (is(value, PgTable)) pgByName.set(pgTableConfig(value).name, value);
  const pairs = new Map<string, TablePair & { dependsOn: Set<string> }>();
  for (const value of Object.values(sqliteSchema)) {
    if (!is(value, SQLiteTable)) continue;
    const config = sqliteTableConfig(value);
    const pg = pgByName.get(config.name);
    if (!pg) throw new CopyRefused("tableMissing", { table: config.name });
    const dependsOn = new Set<string>();
    const selfReferences: string[] = [];
    for (const fk of config.foreignKeys) {
      const ref = fk.reference();
      const foreign = sqliteTableConfig(ref.foreignTable).name;
      if (foreign === config.name) selfReferences.push(...ref.columns.map((c) => jsKeyOf(value, c)));
      else dependsOn.add(foreign);
    }
    const columns = Object.entries(getTableColumns(value)) as [string, Column][];
    const primaryKey = config.primaryKeys.length > 0 ? config.primaryKeys[0]!.columns.map((c) => jsKeyOf(value, c)) : columns.filter(([, c]) => c.primary).map(([k]) => k);
    pairs.set(config.name, { name: config.name, sqlite: value, pg, columns, selfReferences, primaryKey, dependsOn });
  }
  const ordered: TablePair[] = [];
  const placed = new Set<string>();
  while (placed.size < pairs.size) {
    const ready = [...pairs.values()].filter((p) => !placed.has(p.name) && [...p.dependsOn].every((d) => placed.has(d) || !pairs.has(d)));
    if (ready.length === 0) throw new Error(`foreign keys form a cycle among: ${[...pairs.keys()].filter((n) => !placed.has(n)).join(", ")}`);
    for (const { dependsOn: _, ...pair } of ready.sort((a, b) => a.name.localeCompare(b.name))) {
      ordered.push(pair);
      placed.add(pair.name);
    }
  }
  return ordered;
}

async function copyTable(source: Database.Database, target: PgDb, table: TablePair, batchSize: number): Promise<number> {
  const later: Record<string, unknown>[] = [];
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await target.insert(table.pg).values(batch as never);
    batch = [];
  };
  for (const raw of source.prepare(`select * from "${table.name}" order by rowid`).iterate() as IterableIterator<Record<string, unknown>>) {
    const row: Record<string, unknown> = {};
    for (const [key, column] of table.columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    const pending = table.selfReferences.filter((key) => row[key] !== null);
    if (pending.length > 0) {
      later.push(Object.fromEntries([...table.primaryKey, ...pending].map((k) => [k, row[k]])));
      for (const key of pending) row[key] = null;
    }
    batch.push(row);
    count++;
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  const pgColumns = getTableColumns(table.pg) as Record<string, Column>;
  for (const link of later) {
    const set = Object.fromEntries(table.selfReferences.filter((k) => k in link).map((k) => [k, link[k]]));
    const where = sql.join(
      table.primaryKey.map((k) => sql`${pgColumns[k]!} = ${link[k]}`),
      sql` and `,
    );
    await target.update(table.pg).set(set as never).where(where);
  }
  const [{ n } = { n: -1 }] = (await target.execute<{ n: number }>(sql`select count(*)::int as n from ${table.pg}`)).rows;
  if (n !== count) throw new Error(`${table.name}: read ${count} rows from SQLite, PostgreSQL holds ${n}`);
  return count;
}

/** Identity sequences start at 1; after copied ids they must continue past the largest. */
async function resetIdentity(target: PgDb, table: TablePair): Promise<void> {
  const config = pgTableConfig(table.pg);
  for (const column of config.columns) {
    if (column.generatedIdentity === undefined) continue;
    await target.execute(
      sql`select setval(pg_get_serial_sequence(${`"${config.name}"`}, ${column.name}), coalesce((select max(${sql.identifier(column.name)}) from ${table.pg}), 0) + 1, false)`,
    );
  }
}

async function refuseNonEmptyTarget(target: PgDb, tables: TablePair[]): Promise<void> {
  const filled: string[] = [];
  for (const table of tables) {
    const { rows } = await target.execute<{ any: boolean }>(sql`select exists (select 1 from ${table.pg}) as any`);
    if (rows[0]?.any) filled.push(table.name);
  }
  if (filled.length > 0) throw new CopyRefused("targetNotEmpty", { tables: filled.join(", "), count: filled.length });
}

/** The file must be at exactly this version's schema: an older file is migrated by opening it with this version first. */
function checkMigrations(source: Database.Database): void {
  const journal = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "migrations", "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  const exists = source.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!exists) throw new CopyRefused("notChitieu", {});
  const { n } = source.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
  if (n < journal.entries.length) throw new CopyRefused("schemaBehind", { applied: n, expected: journal.entries.length });
  if (n > journal.entries.length) throw new CopyRefused("schemaAhead", { applied: n, expected: journal.entries.length });
}

function jsKeyOf(table: SQLiteTable, column: Column): string {
  const entry = Object.entries(getTableColumns(table)).find(([, c]) => c === column);
  if (!entry) throw new Error(`column ${column.name} not found on its table`);
  return entry[0];
}

/** PostgreSQL's own words ("invalid byte sequence…"), not Drizzle's wrapper, which lists the row's values. */
function driverMessage(err: unknown): string {
  const cause = (err as { cause?: { message?: string; code?: string } }).cause;
  if (cause?.message) return cause.code ? `${cause.message} (${cause.code})` : cause.message;
  return err instanceof Error ? err.message : String(err);
}
