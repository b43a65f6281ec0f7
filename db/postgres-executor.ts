import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { isPlainSelect, memoUntilWriteIn, type ExecuteOptions, type QueryMethod, type QueryResult, type SqlExecutor, type WriteMemo } from "./app-db.ts";

/**
 * The PostgreSQL executor of the one data layer (db/app-db.ts, issue 11): it runs the SQL that
 * Drizzle's SQLite query builder writes, over a pg pool.
 *
 * What it changes in that SQL (once per distinct text, cached):
 * - `?` placeholders become `$1 … $n` (not inside '…' strings, "…" identifiers, $$…$$ bodies or comments);
 * - in INSERT … VALUES, a tuple element that is the bare keyword `null` becomes `default`: the SQLite
 *   builder writes `null` for every column it has no value and no default for (the id among them,
 *   which SQLite then numbers); PostgreSQL numbers an identity column only on DEFAULT, and DEFAULT is
 *   NULL for any column without a default, so nothing else changes;
 * - `on conflict ("table"."col")` loses the table name (PostgreSQL accepts only bare column names there).
 * The SQLite builder also inlines SQLite's created_at default, `(unixepoch('subsec') * 1000)`: the
 * migrations define a PostgreSQL `unixepoch(text)` that answers the same (db/migrations-pg).
 * Since `?` is always a placeholder, PostgreSQL's jsonb operators `?`, `?|`, `?&` cannot be written
 * in raw SQL: use jsonb_exists(), jsonb_exists_any(), jsonb_exists_all().
 *
 * What it changes in the rows (pool-local type parsers; pg's global parsers stay as they are), so
 * Drizzle's SQLite column modes read them as they read SQLite's: int8 → number (a RangeError past
 * 2^53), numeric → number, json/jsonb → the JSON text, bool → 1/0, timestamptz/timestamp → UTC
 * milliseconds, date → its text. bytea stays a Buffer, as better-sqlite3 gives blobs.
 */
export class PostgresExecutor implements SqlExecutor {
  readonly engine = "postgres" as const;
  readonly #pool: pg.Pool;
  readonly #transactions = new AsyncLocalStorage<OpenTransaction>();
  readonly #translated = new Map<string, string>();
  readonly #named = new Map<string, string>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** The pool under this executor (for a health check or a pinned session; queries go through execute). */
  get pool(): pg.Pool {
    return this.#pool;
  }

  async execute(sql: string, params: unknown[], method: QueryMethod, options?: ExecuteOptions): Promise<QueryResult> {
    const text = this.#translate(sql);
    const open = this.#transactions.getStore();
    if (open?.ended) throw new Error(`a query ran after its transaction had ended (start it with await inside the transaction): ${sql.slice(0, 200)}`);
    // Anything but a plain select may write: what a transaction remembered (memoUntilWrite) is read again.
    if (open && !isPlainSelect(text)) open.writes += 1;
    const name = options?.repeated ? this.#statementName(text) : undefined;
    const query: pg.QueryArrayConfig = { text, values: params, rowMode: "array", ...(name ? { name } : {}) };
    const result = open ? await inTurn(open, async () => await open.client.query(query)) : await this.#pool.query(query);
    switch (method) {
      case "run":
        return { rows: [], changes: result.rowCount ?? 0 };
      case "get":
        return { rows: result.rows[0] };
      case "all":
      case "values":
        return { rows: result.rows };
    }
  }

  async transaction<T>(fn: () => Promise<T>, _mode: "deferred" | "immediate"): Promise<T> {
    const outer = this.#transactions.getStore();
    if (outer && !outer.ended) return this.#savepoint(outer, fn);
    const client = await this.#pool.connect();
    // A connection that dies while checked out emits "error" on the client, where the pool does not
    // listen: without a listener that would end the process. The query in flight rejects anyway.
    const onError = () => {};
    client.on("error", onError);
    const release = (err?: Error) => {
      client.removeListener("error", onError);
      client.release(err);
    };
    try {
      await client.query("begin");
    } catch (err) {
      release(asError(err));
      throw err;
    }
    const open: OpenTransaction = { client, ended: false, savepoints: 0, writes: 0, memo: new Map(), tail: Promise.resolve() };
    let result: T;
    try {
      result = await this.#transactions.run(open, fn);
    } catch (err) {
      open.ended = true;
      try {
        await client.query("rollback");
        release();
      } catch (rollbackError) {
        // The connection is broken (or the server gone): destroy it rather than give it back.
        release(asError(rollbackError));
      }
      throw err;
    }
    open.ended = true;
    let commit: pg.QueryResult;
    try {
      commit = await client.query("commit");
    } catch (err) {
      release(asError(err));
      throw err;
    }
    release();
    // COMMIT of a transaction in which a statement failed (and fn caught the error) rolls back and
    // answers "ROLLBACK" without an error: nothing was written, so fn's result must not be trusted.
    if (commit.command !== "COMMIT") throw new Error("the transaction was rolled back at COMMIT: a statement inside it failed and its error was caught");
    return result;
  }

  async #savepoint<T>(open: OpenTransaction, fn: () => Promise<T>): Promise<T> {
    const name = `chitieu_sp_${++open.savepoints}`;
    await inTurn(open, async () => await open.client.query(`savepoint ${name}`));
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      // If this fails too, the connection is gone: the outer transaction's rollback releases it.
      open.writes += 1; // what was remembered may stem from the rows rolled back
      await inTurn(open, async () => await open.client.query(`rollback to savepoint ${name}`)).catch(() => {});
      throw err;
    }
    await inTurn(open, async () => await open.client.query(`release savepoint ${name}`));
    return result;
  }

  /**
   * Inside a transaction: compute() once, and its value again until the transaction runs a statement
   * that may write (anything but a plain select), rolls back to a savepoint, or ends. Outside one:
   * compute() every time. For a stamp a turn reads several times (catalogueVersion): one round trip
   * per turn instead of one per read, and never a value older than the transaction's own writes.
   */
  async memoUntilWrite<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const open = this.#transactions.getStore();
    if (!open || open.ended) return await compute();
    return await memoUntilWriteIn(open, key, compute);
  }

  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }

  /**
   * The name a repeated statement is prepared under on each connection (pg parses it there once, then
   * only binds it): one per distinct text, up to MAX_NAMED_STATEMENTS; past them, run unnamed.
   */
  #statementName(text: string): string | undefined {
    let name = this.#named.get(text);
    if (name === undefined && this.#named.size < MAX_NAMED_STATEMENTS) this.#named.set(text, (name = `chitieu_${this.#named.size + 1}`));
    return name;
  }

  #translate(sql: string): string {
    let text = this.#translated.get(sql);
    if (text === undefined) {
      if (transactionControl.test(sql)) {
        throw new Error(`${sql.trim().split(/\s/)[0]} through the executor would run on any pooled connection: use inTransaction(db, fn) (db/app-db.ts), not db.transaction() or raw transaction SQL`);
      }
      text = translateSqliteSql(sql);
      // SQL with inlined values (sql.raw) could fill the cache without end: start over past a bound.
      if (this.#translated.size >= 2000) this.#translated.clear();
      this.#translated.set(sql, text);
    }
    return text;
  }
}

/** Named statements an executor prepares at most (ExecuteOptions.repeated: a few multi-row inserts). */
const MAX_NAMED_STATEMENTS = 50;

const transactionControl = /^\s*(begin|commit|rollback|savepoint|release|start\s+transaction|end|abort)\b/i;

/** writes: statements that may have written so far (memoUntilWrite's values are kept while that stays). */
interface OpenTransaction extends WriteMemo {
  client: pg.PoolClient;
  /** The transaction's last statement: the next waits for it (see inTurn). */
  tail: Promise<unknown>;
  ended: boolean;
  savepoints: number;
}

/**
 * Runs a statement on the transaction's one connection after the one before it has finished. Reads
 * side by side (Promise.all) inside a transaction would otherwise reach client.query() while it is
 * busy, which pg queues today but has deprecated (removed in pg 9); the order is the same either way.
 */
async function inTurn<T>(open: OpenTransaction, statement: () => Promise<T>): Promise<T> {
  const run = open.tail.then(statement, statement);
  open.tail = run.catch(() => {});
  return await run;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * A pool whose type parsers give what better-sqlite3 gives (see PostgresExecutor). An idle client
 * that loses its server emits "error" on the pool: listened to here, so it does not end the process;
 * the next query takes a fresh connection.
 */
export function createPostgresPool(url: string, options: { max?: number } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types: { getTypeParser: sqliteLikeTypeParser as typeof pg.types.getTypeParser } });
  pool.on("error", () => {});
  return pool;
}

const oid = pg.types.builtins;

function sqliteLikeTypeParser(typeId: number, format?: "text" | "binary"): (value: string) => unknown {
  if (format === "binary") return pg.types.getTypeParser(typeId, "binary");
  switch (typeId) {
    case oid.INT8:
      return parseInt8;
    case oid.NUMERIC:
      return Number;
    case oid.JSON:
    case oid.JSONB:
      return (value) => value;
    case oid.BOOL:
      return (value) => (value === "t" ? 1 : 0);
    case oid.TIMESTAMPTZ: {
      const parse = pg.types.getTypeParser(oid.TIMESTAMPTZ, "text") as (value: string) => Date;
      return (value) => parse(value).getTime();
    }
    case oid.TIMESTAMP:
      // Without a zone: read as UTC, the zone of every stored time here.
      return (value) => Date.parse(`${value.replace(" ", "T")}Z`);
    case oid.DATE:
      return (value) => value;
    default:
      return pg.types.getTypeParser(typeId, "text");
  }
}

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`the bigint ${value} is beyond JavaScript's safe integers (±2^53)`);
  return n;
}

/**
 * SQL from Drizzle's SQLite builder, as PostgreSQL takes it (see PostgresExecutor). Exported for its
 * tests; the executor caches the result per text.
 */
export function translateSqliteSql(sql: string): string {
  const tokens = tokenize(sql);
  let param = 0;
  for (const t of tokens) if (t.kind === "param") t.text = `$${++param}`;
  const significant = tokens.filter((t) => t.kind !== "space" && t.kind !== "comment");
  if (significant[0]?.kind === "word" && significant[0].text.toLowerCase() === "insert") defaultForNullsInValues(significant);
  bareConflictTargets(significant);
  return tokens.map((t) => t.text).join("");
}

interface Token {
  kind: "string" | "ident" | "comment" | "space" | "param" | "open" | "close" | "comma" | "dot" | "word" | "other";
  text: string;
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  const until = (end: string, from: number): number => {
    const at = sql.indexOf(end, from);
    return at === -1 ? n : at + end.length;
  };
  while (i < n) {
    const c = sql[i]!;
    let end: number;
    let kind: Token["kind"];
    if (c === "'" || c === '"') {
      // A doubled quote inside is an escaped quote: reading on from each closing quote covers it.
      end = i + 1;
      for (;;) {
        end = until(c, end);
        if (end < n && sql[end] === c) end++;
        else break;
      }
      kind = c === "'" ? "string" : "ident";
    } else if (c === "-" && sql[i + 1] === "-") {
      end = until("\n", i);
      kind = "comment";
    } else if (c === "/" && sql[i + 1] === "*") {
      end = until("*/", i + 2);
      kind = "comment";
    } else if (c === "$" && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i, i + 64))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64))![0];
      end = until(tag, i + tag.length);
      kind = "string";
    } else if (c === "?") {
      end = i + 1;
      kind = "param";
    } else if (/\s/.test(c)) {
      end = i + 1;
      while (end < n && /\s/.test(sql[end]!)) end++;
      kind = "space";
    } else if (/[A-Za-z_]/.test(c)) {
      end = i + 1;
      while (end < n && /[A-Za-z0-9_$]/.test(sql[end]!)) end++;
      kind = "word";
    } else {
      end = i + 1;
      kind = c === "(" ? "open" : c === ")" ? "close" : c === "," ? "comma" : c === "." ? "dot" : "other";
    }
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  }
  return tokens;
}

/** In `insert … values (…), (…)`, each element that is just `null` becomes `default`. */
function defaultForNullsInValues(tokens: Token[]): void {
  let depth = 0;
  let inValues = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "open") depth++;
    else if (t.kind === "close") depth--;
    else if (depth === 0 && t.kind === "word") {
      const word = t.text.toLowerCase();
      if (word === "values") inValues = true;
      else if (inValues) return; // on conflict, returning: the tuples are behind.
    } else if (inValues && depth === 1 && t.kind === "word" && t.text.toLowerCase() === "null") {
      const before = tokens[i - 1]?.kind;
      const after = tokens[i + 1]?.kind;
      if ((before === "open" || before === "comma") && (after === "comma" || after === "close")) t.text = "default";
    }
  }
}

/** `on conflict ("plans"."key", …)` → `on conflict ("key", …)`. */
function bareConflictTargets(tokens: Token[]): void {
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (!(isWord(tokens[i], "on") && isWord(tokens[i + 1], "conflict") && tokens[i + 2]!.kind === "open")) continue;
    for (let j = i + 3; j < tokens.length && tokens[j]!.kind !== "close"; j++) {
      const name = tokens[j]!;
      if ((name.kind === "ident" || name.kind === "word") && tokens[j + 1]?.kind === "dot" && (tokens[j + 2]?.kind === "ident" || tokens[j + 2]?.kind === "word")) {
        name.text = "";
        tokens[j + 1]!.text = "";
        j++;
      }
    }
  }
}

function isWord(t: Token | undefined, word: string): boolean {
  return t?.kind === "word" && t.text.toLowerCase() === word;
}
