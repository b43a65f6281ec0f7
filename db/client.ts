import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { createAppDb, type AppDb } from "./app-db.ts";
import * as schema from "./schema.ts";
import { SqliteExecutor } from "./sqlite-executor.ts";
import { watchCatalogueWrites } from "./repositories/catalogue-version.ts";

export { inTransaction, changedRows } from "./app-db.ts";

/** The database handle of the service: async, the same for SQLite and PostgreSQL (db/app-db.ts). */
export type Db = AppDb;

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Opens (creating if needed) the SQLite file, turns on WAL and foreign keys, and applies pending
 * migrations. ":memory:" works too, for throwaway uses. The file, its WAL and its shared-memory file
 * are readable by the service's user only (600), in a folder it creates as 700.
 */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") prepareDatabaseFile(file);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // WAL with NORMAL is durable across application crashes; only an OS crash can lose the last commit.
  sqlite.pragma("synchronous = NORMAL");
  // Migrations run synchronously through the better-sqlite3 driver's migrator, before anything else uses the connection.
  applyMigrations(sqlite);
  // Statistics for the query planner, bounded in cost: without them SQLite guesses, and at a million
  // reports some guesses read whole indexes. 0x10002: look at every table now (not only the ones this
  // connection has used, which at open is none); analysis_limit keeps ANALYZE to a sample per index.
  sqlite.pragma("analysis_limit = 1000");
  sqlite.pragma("optimize = 0x10002");
  if (file !== ":memory:") restrictDatabaseFiles(file);
  // From here on a busy database is waited for by the executor, without blocking the event loop (sqlite-executor.ts).
  sqlite.pragma("busy_timeout = 0");
  const executor = new SqliteExecutor(sqlite);
  // The catalogue stamp's TEMP triggers, made now, outside any transaction, so they last the
  // connection's life: made first inside a chat turn's, they would be made again at every turn.
  watchCatalogueWrites(executor);
  return createAppDb(executor);
}

/**
 * Drizzle's migrator reads which migrations were applied before it opens its transaction, so two
 * processes opening a new file at once (two CLI calls, the service and a CLI call) both set out to
 * apply them all, and the slower one fails on "table … already exists" once the other committed.
 * Trying again reads the applied list afresh and finds nothing left to do; a migration that is
 * wrong in itself fails every time and is thrown.
 */
function applyMigrations(sqlite: Database.Database): void {
  for (let attempt = 1; ; attempt += 1) {
    try {
      migrate(drizzle(sqlite, { schema }), { migrationsFolder });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/**
 * The better-sqlite3 connection under a SQLite handle, for what only SQLite has (the WAL
 * checkpointer, a file backup, a test's own look at the file); undefined on PostgreSQL. Nothing
 * outside db/ uses better-sqlite3 directly but through this.
 */
export function sqliteConnection(db: Db): Database.Database | undefined {
  return db.$executor instanceof SqliteExecutor ? db.$executor.connection : undefined;
}

/** Whether the handle can still run queries (false once closed: at shutdown). */
export function isDatabaseOpen(db: Db): boolean {
  return db.$executor instanceof SqliteExecutor ? db.$executor.connection.open : true;
}

/** A consistent copy of the SQLite database file at `out` (SQLite's online backup); the page count copied. */
export async function backupDatabase(db: Db, out: string): Promise<{ totalPages: number }> {
  const connection = sqliteConnection(db);
  if (!connection) throw new Error("backup: only a SQLite database is backed up this way (use pg_dump for PostgreSQL)");
  const { totalPages } = await connection.backup(out);
  return { totalPages };
}

/**
 * Refreshes the planner's statistics where the tables changed enough to matter (housekeeping runs it,
 * hourly). SQLite: `PRAGMA optimize`. PostgreSQL: ANALYZE of each table never analyzed, or changed by
 * more than a tenth of its rows (at least 1,000) since — what autovacuum would do when it comes by,
 * done now: after a bulk import or a copy the planner otherwise guesses, and at a million reports a
 * guess can read them all.
 */
export async function optimizeDatabase(db: Db): Promise<void> {
  if (db.$executor.engine === "sqlite") {
    await db.run(sql`PRAGMA optimize`);
    return;
  }
  const stale = (await db.$executor.execute(stalePostgresTablesSql, [], "all")).rows as [string][];
  for (const [table] of stale) await db.$executor.execute(`analyze "${table.replaceAll('"', '""')}"`, [], "run");
}

const stalePostgresTablesSql = `select relname from pg_stat_user_tables
  where schemaname = current_schema() and (coalesce(last_analyze, last_autoanalyze) is null or n_mod_since_analyze > greatest(1000, n_live_tup / 10))
  order by relname`;

export async function closeDatabase(db: Db): Promise<void> {
  await db.$executor.close();
}

/** A cheap round trip that proves the database answers: used by /healthz. */
export async function pingDatabase(db: Db): Promise<boolean> {
  const row = await db.get<[number]>(sql`select 1`);
  return Array.isArray(row) ? row[0] === 1 : false;
}

/**
 * Creates the file with mode 600 before SQLite does (SQLite creates it with the umask's 644, and gives
 * its -wal and -shm files the database file's own mode), and tightens an existing one.
 */
function prepareDatabaseFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  restrictDatabaseFiles(file);
}

/** Mode 600 for the database and, when they exist, its WAL and shared-memory files (made before this rule, or copied in). */
function restrictDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}
