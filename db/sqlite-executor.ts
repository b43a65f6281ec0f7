import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import { isPlainSelect, memoUntilWriteIn, type QueryMethod, type QueryResult, type SqlExecutor, type WriteMemo } from "./app-db.ts";

/** How many compiled statements a connection keeps (least recently used goes first). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The SQLite executor (issue 11): Drizzle's sqlite-proxy hands it SQL text and parameters, and it
 * runs them on the one better-sqlite3 connection of the service.
 *
 * - Statements are compiled once per SQL text and kept (LRU, 500): the builder makes the same text
 *   for the same query, so a chat turn's statements are compiled once per process.
 * - Readers answer arrays of values (`raw`), as the proxy maps them; other statements answer
 *   `{ rows: [], changes }`.
 * - Transactions: one connection means one transaction at a time, and a query run while one is open
 *   would silently join it. So a transaction holds an async mutex from BEGIN to COMMIT/ROLLBACK; the
 *   queries awaited inside it (found through an AsyncLocalStorage) run at once, and every other query
 *   waits for the mutex, as does every other transaction. A transaction opened inside one of the
 *   same executor is a SAVEPOINT (RELEASE on success, ROLLBACK TO on a throw).
 * - Fast path: with no transaction open (nothing waiting), a query runs synchronously and the
 *   promise is already settled, so a chat turn pays no extra round of the event loop per query.
 */
export class SqliteExecutor implements SqlExecutor {
  readonly engine = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly mutex = new AsyncMutex();
  private readonly open = new AsyncLocalStorage<OpenTransaction>();
  private savepoints = 0;

  constructor(readonly connection: Database.Database) {}

  execute(sql: string, params: unknown[], method: QueryMethod): Promise<QueryResult> {
    if (!this.mutex.locked || this.insideTransaction()) {
      // Anything but a plain select may write: what the transaction remembered (memoUntilWrite) is read again.
      const open = this.open.getStore();
      if (open?.active && open.executor === this && !isPlainSelect(sql)) open.writes += 1;
      try {
        return Promise.resolve(this.run(sql, params, method));
      } catch (err) {
        return isBusy(err) ? whenNotBusy(() => this.run(sql, params, method)) : Promise.reject(err);
      }
    }
    return this.mutex.acquire().then(async () => {
      try {
        return await whenNotBusy(() => this.run(sql, params, method));
      } finally {
        this.mutex.release();
      }
    });
  }

  async transaction<T>(fn: () => Promise<T>, mode: "deferred" | "immediate"): Promise<T> {
    if (this.insideTransaction()) return this.savepoint(fn);
    await this.mutex.acquire();
    const state: OpenTransaction = { executor: this, active: true, writes: 0, memo: new Map() };
    try {
      await whenNotBusy(() => this.connection.exec(mode === "immediate" ? "BEGIN IMMEDIATE" : "BEGIN"));
      try {
        const result = await this.open.run(state, fn);
        state.active = false;
        await whenNotBusy(() => this.connection.exec("COMMIT"));
        return result;
      } catch (err) {
        state.active = false;
        if (this.connection.inTransaction) this.connection.exec("ROLLBACK");
        throw err;
      }
    } finally {
      state.active = false;
      this.mutex.release();
    }
  }

  async close(): Promise<void> {
    this.statements.clear();
    if (this.connection.open) this.connection.close();
  }

  /** Whether the caller runs inside a transaction of this executor that is still open. */
  insideTransaction(): boolean {
    const state = this.open.getStore();
    return state !== undefined && state.executor === this && state.active;
  }

  /**
   * Inside a transaction: compute() once, and its value again until the transaction runs a statement
   * that may write (anything but a plain select), rolls back to a savepoint, or ends. Outside one:
   * compute() every time. The same as PostgresExecutor.memoUntilWrite, for the catalogue stamp a turn
   * asks once per cache: a transaction's reads see one snapshot, so only its own writes change it.
   */
  async memoUntilWrite<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const open = this.open.getStore();
    if (!open || open.executor !== this || !open.active) return await compute();
    return await memoUntilWriteIn(open, key, compute);
  }

  private async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `chitieu_sp_${++this.savepoints}`;
    this.connection.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      this.connection.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      const open = this.open.getStore();
      if (open) open.writes += 1; // what was remembered may stem from the rows rolled back
      if (this.connection.inTransaction) {
        this.connection.exec(`ROLLBACK TO ${name}`);
        this.connection.exec(`RELEASE ${name}`);
      }
      throw err;
    }
  }

  private run(sql: string, params: unknown[], method: QueryMethod): QueryResult {
    const stmt = this.statement(sql);
    const values = params.length === 0 ? params : params.map(toSqliteValue);
    if (stmt.reader) {
      if (method === "get") return { rows: stmt.get(...values) };
      const rows = stmt.all(...values);
      return method === "run" ? { rows: [], changes: rows.length } : { rows };
    }
    const { changes } = stmt.run(...values);
    return { rows: method === "get" ? undefined : [], changes };
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (stmt) {
      // Most recently used goes last; the first in the map is the one to drop.
      this.statements.delete(sql);
      this.statements.set(sql, stmt);
      return stmt;
    }
    stmt = this.connection.prepare(sql);
    if (stmt.reader) stmt.raw(true);
    if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    this.statements.set(sql, stmt);
    return stmt;
  }
}

/** writes: statements that may have written so far (memoUntilWrite's values are kept while that stays). */
interface OpenTransaction extends WriteMemo {
  executor: SqliteExecutor;
  /** False once COMMIT or ROLLBACK ran: work the transaction left behind (a timer) no longer joins it. */
  active: boolean;
}

/** How long a statement waits for another connection's write lock (as busy_timeout did), in steps that let the event loop run. */
const BUSY_WAIT_MS = 5_000;

function isBusy(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "SQLITE_BUSY";
}

/**
 * Runs fn, and while SQLite answers SQLITE_BUSY (another connection holds the write lock) tries again
 * a little later, up to BUSY_WAIT_MS. The connection's busy_timeout is 0: its own wait would block the
 * event loop — every other request, and in one process a second connection that holds the lock and
 * could only release it on that same loop.
 */
async function whenNotBusy<T>(fn: () => T): Promise<T> {
  const started = Date.now();
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err) || Date.now() - started > BUSY_WAIT_MS) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** What better-sqlite3 binds: no booleans, no Dates (Drizzle encodes columns already; this is for raw values). */
function toSqliteValue(v: unknown): unknown {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  return v;
}

/** First come, first served; cheap to check while free. */
class AsyncMutex {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  get locked(): boolean {
    return this.held;
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the lock to the next in line, or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}
