import { drizzle, type SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import * as schema from "./schema.ts";

/**
 * The one database handle of the service, whichever engine is under it (issue 11).
 *
 * Every repository is written once, with Drizzle's SQLite query builder over db/schema.ts, and is
 * async. The builder turns a query into SQL text and parameters and hands them to an executor:
 * - SQLite: better-sqlite3 runs it on the one connection (db/sqlite-executor.ts);
 * - PostgreSQL: a pg pool runs it (db/postgres-executor.ts), with `?` placeholders numbered and
 *   the PostgreSQL tables storing what the SQLite ones store (UTC milliseconds, 0/1, JSON text), so
 *   Drizzle maps the rows the same way on both.
 * What cannot be written once (an advisory lock, FOR UPDATE SKIP LOCKED, json_each) asks
 * `db.$executor.engine` and gives both forms, in a repository.
 */
export type Engine = "sqlite" | "postgres";

export type QueryMethod = "run" | "all" | "values" | "get";

/**
 * What an executor answers: for "all" and "values", rows as arrays of column values in select
 * order; for "get", `rows` is the one row's array of values (undefined when there is none); for
 * "run", no rows and `changes`, the number of rows the statement inserted, updated or deleted.
 */
export interface QueryResult {
  rows: unknown;
  changes?: number;
}

/** How a statement is run, beyond its text and values. */
export interface ExecuteOptions {
  /**
   * The very same text runs again and again (a full chunk of a multi-row insert): PostgreSQL keeps it
   * parsed per connection (a named prepared statement), so each run only binds and executes it.
   * SQLite keeps every statement prepared anyway.
   */
  repeated?: boolean;
}

export interface SqlExecutor {
  readonly engine: Engine;
  execute(sql: string, params: unknown[], method: QueryMethod, options?: ExecuteOptions): Promise<QueryResult>;
  /**
   * Runs fn in one transaction: every query awaited inside it (however deep) takes part, every query
   * elsewhere does not (on SQLite it waits for the transaction to end). Committed when fn resolves,
   * rolled back when it throws. Called inside a transaction of the same executor it is a savepoint.
   * "immediate" takes the write lock at the start (SQLite BEGIN IMMEDIATE; on PostgreSQL rows are
   * locked by the statements themselves, so both modes are a plain BEGIN).
   */
  transaction<T>(fn: () => Promise<T>, mode: "deferred" | "immediate"): Promise<T>;
  close(): Promise<void>;
}

export type AppDb = SqliteRemoteDatabase<typeof schema> & { readonly $executor: SqlExecutor };

export function createAppDb(executor: SqlExecutor): AppDb {
  const db = drizzle((sql, params, method) => executor.execute(sql, params, method) as Promise<{ rows: any[] }>, { schema });
  return Object.assign(db, { $executor: executor });
}

/** Runs fn in one transaction on db (see SqlExecutor.transaction). */
export function inTransaction<T>(db: AppDb, fn: () => Promise<T>, mode: "deferred" | "immediate" = "deferred"): Promise<T> {
  return db.$executor.transaction(fn, mode);
}

/**
 * A select that changes nothing a later read could see: none naming a write, a sequence or an advisory
 * lock (those count as writes, to be safe). What an executor remembers in a transaction (memoUntilWrite)
 * is kept across such statements only.
 */
export function isPlainSelect(sql: string): boolean {
  return plainSelect.test(sql);
}

const plainSelect = /^\s*select\b(?![\s\S]*\b(insert|update|delete|nextval|setval|pg_advisory)\b)/i;

/** What an open transaction remembers for memoUntilWrite: its count of writes, and values read since. */
export interface WriteMemo {
  writes: number;
  memo: Map<string, { writes: number; value: unknown }>;
}

/** compute() once per key until the transaction writes (both executors' memoUntilWrite inside a transaction). */
export async function memoUntilWriteIn<T>(open: WriteMemo, key: string, compute: () => Promise<T>): Promise<T> {
  const kept = open.memo.get(key);
  if (kept && kept.writes === open.writes) return kept.value as T;
  const writes = open.writes;
  const value = await compute();
  if (open.writes === writes) open.memo.set(key, { writes, value });
  return value;
}

/** How many rows a `.run()` changed, on either engine. */
export function changedRows(result: unknown): number {
  return (result as QueryResult).changes ?? 0;
}
