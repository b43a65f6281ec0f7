import { mkdirSync } from "node:fs";
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
 * migrations. ":memory:" works too, for throwaway uses.
 */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // WAL with NORMAL is durable across application crashes; only an OS crash can lose the last commit.
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
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
  const transaction = db.$client.transaction(fn);
  return mode === "immediate" ? transaction.immediate() : transaction();
}
