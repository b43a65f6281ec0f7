import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.ts";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

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
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  // Statistics for the query planner, bounded in cost: without them SQLite guesses, and at a million
  // reports some guesses read whole indexes. 0x10002: look at every table now (not only the ones this
  // connection has used, which at open is none); analysis_limit keeps ANALYZE to a sample per index.
  sqlite.pragma("analysis_limit = 1000");
  sqlite.pragma("optimize = 0x10002");
  if (file !== ":memory:") restrictDatabaseFiles(file);
  return db;
}

/** Refreshes the planner's statistics where the tables changed enough to matter (housekeeping runs it). */
export function optimizeDatabase(db: Db): void {
  db.$client.pragma("optimize");
}

export function closeDatabase(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/** A cheap round trip that proves the file is readable: used by /healthz. */
export function pingDatabase(db: Db): boolean {
  const row = db.$client.prepare("select 1 as ok").get() as { ok: number } | undefined;
  return row?.ok === 1;
}

/**
 * Runs fn inside one SQLite transaction on the connection. Repository functions called inside use
 * the same connection, so they take part in it. fn must be synchronous (better-sqlite3 rule).
 * "immediate" takes the write lock at the start: for a transaction that reads, then writes what it
 * read — a deferred one could not upgrade its read if another connection committed meanwhile.
 * Inside another transaction it is a savepoint, whatever the mode.
 */
export function inTransaction<T>(db: Db, fn: () => T, mode: "deferred" | "immediate" = "deferred"): T {
  const transaction = transactionRunner(db.$client) as Database.Transaction<(f: () => T) => T>;
  return mode === "immediate" ? transaction.immediate(fn) : transaction(fn);
}

// One better-sqlite3 transaction function per connection, given the work as its argument: wrapping
// each turn's function anew (db.transaction(fn)) costs more than BEGIN and COMMIT themselves.
const runners = new WeakMap<Database.Database, Database.Transaction<(f: () => unknown) => unknown>>();
function transactionRunner(sqlite: Database.Database): Database.Transaction<(f: () => unknown) => unknown> {
  let runner = runners.get(sqlite);
  if (!runner) runners.set(sqlite, (runner = sqlite.transaction((f: () => unknown) => f())));
  return runner;
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
