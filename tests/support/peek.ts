import { sqliteConnection, type Db } from "../../db/client.ts";
import { PostgresExecutor, translateSqliteSql } from "../../db/postgres-executor.ts";

/**
 * A test's own look at the rows, on either engine: SQL written for SQLite (`?` parameters, column
 * aliases in camelCase), run on the test's database. On PostgreSQL the aliases are quoted (it would
 * fold `as usedAt` to usedat) and the `?` numbered by the executor's translation; the pool's type
 * parsers give what better-sqlite3 gives (numbers for bigint counts and ms, 0/1, JSON as text).
 */
export async function peekAll<T = Record<string, unknown>>(db: Db, sql: string, ...params: unknown[]): Promise<T[]> {
  const connection = sqliteConnection(db);
  if (connection) return connection.prepare(sql).all(...params) as T[];
  const executor = db.$executor;
  if (!(executor instanceof PostgresExecutor)) throw new Error("peek: neither SQLite nor PostgreSQL");
  await executor.execute("select 1", [], "get"); // waits until a tempDatabase copy exists
  const text = translateSqliteSql(sql.replace(/\bas\s+([A-Za-z_]\w*)/gi, (m, alias: string) => (alias === alias.toLowerCase() ? m : `as "${alias}"`)));
  return (await executor.pool.query({ text, values: params })).rows as T[];
}

/** The first row, or undefined (better-sqlite3's .get()). */
export async function peek<T = Record<string, unknown>>(db: Db, sql: string, ...params: unknown[]): Promise<T | undefined> {
  return (await peekAll<T>(db, sql, ...params))[0];
}

/** Runs a statement (an update a test makes behind the service's back); the rows it changed. */
export async function poke(db: Db, sql: string, ...params: unknown[]): Promise<number> {
  const connection = sqliteConnection(db);
  if (connection) return connection.prepare(sql).run(...params).changes;
  const executor = db.$executor;
  if (!(executor instanceof PostgresExecutor)) throw new Error("poke: neither SQLite nor PostgreSQL");
  return (await executor.execute(translateSqliteSql(sql), params, "run")).changes ?? 0;
}
