import { AsyncLocalStorage } from "node:async_hooks";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgTransaction } from "drizzle-orm/pg-core";
import type { NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { Db } from "./client.ts";
import type { PgDb } from "./pg-client.ts";
import type * as pgSchema from "./schema-pg.ts";

/**
 * PROTOTYPE for issue 11's next step, not wired into the service: one async handle for either
 * engine, and a transaction that repositories join without being handed a `tx`.
 *
 * - PostgreSQL: `inTransaction` opens a Drizzle transaction on one pooled connection and puts its
 *   `tx` in an AsyncLocalStorage; every `query` awaited inside (however deep) runs on that `tx`,
 *   every `query` elsewhere runs on the pool, outside it.
 * - SQLite (better-sqlite3, one synchronous connection): a transaction that awaits cannot use
 *   `db.transaction()`. It takes an async mutex, runs BEGIN IMMEDIATE … COMMIT (ROLLBACK on a throw)
 *   around the awaited work. Because there is one connection, a query from outside the transaction
 *   would silently join it: so every `query` outside a transaction also takes the mutex, and waits
 *   for the open transaction to end. Inside, `query` runs at once.
 * - A nested `inTransaction` on the same handle joins the outer one.
 *
 * A repository gives both bodies (the tables differ in type between the dialects, so one body
 * cannot serve both): `query(h, { sqlite: (db) => …, postgres: (db) => … })`.
 */
export type DbHandle = SqliteHandle | PostgresHandle;

export interface SqliteHandle {
  kind: "sqlite";
  db: Db;
  lock: Mutex;
}

export interface PostgresHandle {
  kind: "postgres";
  db: PgDb;
}

export type PgExecutor = PgDb | PgTransaction<NodePgQueryResultHKT, typeof pgSchema, ExtractTablesWithRelations<typeof pgSchema>>;

export function sqliteHandle(db: Db): SqliteHandle {
  return { kind: "sqlite", db, lock: new Mutex() };
}

export function postgresHandle(db: PgDb): PostgresHandle {
  return { kind: "postgres", db };
}

interface OpenTransaction {
  handle: DbHandle;
  executor: Db | PgExecutor;
}

const openTransaction = new AsyncLocalStorage<OpenTransaction>();

/** Runs fn in one transaction; `query` calls awaited inside it take part. Rolled back if fn throws. */
export async function inTransaction<T>(handle: DbHandle, fn: () => Promise<T>): Promise<T> {
  if (openTransaction.getStore()?.handle === handle) return fn();
  if (handle.kind === "postgres") return handle.db.transaction((tx) => openTransaction.run({ handle, executor: tx }, fn));
  const release = await handle.lock.acquire();
  const client = handle.db.$client;
  try {
    client.exec("BEGIN IMMEDIATE");
    try {
      const result = await openTransaction.run({ handle, executor: handle.db }, fn);
      client.exec("COMMIT");
      return result;
    } catch (err) {
      if (client.inTransaction) client.exec("ROLLBACK");
      throw err;
    }
  } finally {
    release();
  }
}

/** A repository's query: the body for the handle's engine, on the open transaction if there is one. */
export async function query<T>(handle: DbHandle, bodies: { sqlite: (db: Db) => T; postgres: (db: PgExecutor) => Promise<T> }): Promise<T> {
  const open = openTransaction.getStore();
  if (handle.kind === "postgres") return bodies.postgres(open?.handle === handle ? (open.executor as PgExecutor) : handle.db);
  if (open?.handle === handle) return bodies.sqlite(handle.db);
  const release = await handle.lock.acquire();
  try {
    return bodies.sqlite(handle.db);
  } finally {
    release();
  }
}

/** First come, first served; acquire() resolves with the function that lets the next one in. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    return previous.then(() => release);
  }
}
