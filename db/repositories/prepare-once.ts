import type { Db } from "../client.ts";

/**
 * Statements built and compiled once per connection, then reused. For the one-row reads and writes
 * of a chat turn, building a Drizzle query and having SQLite compile it costs several times more
 * than running it; the statements every update runs are prepared here, with sql.placeholder for
 * their values. A placeholder compared in a WHERE clause gets no column encoding: pass what the
 * column stores (a timestamp as milliseconds). In VALUES and SET it is encoded like any value.
 */
export function prepareOnce<T>(build: (db: Db) => T): (db: Db) => T {
  const byConnection = new WeakMap<Db, T>();
  return (db) => {
    let statements = byConnection.get(db);
    if (!statements) byConnection.set(db, (statements = build(db)));
    return statements;
  };
}
