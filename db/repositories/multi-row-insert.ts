import type { QueryMethod, QueryResult } from "../app-db.ts";
import type { Db } from "../client.ts";

/**
 * A hand-written multi-row insert: `head` `(row), (row), …` `tail`, the same text on both engines,
 * its values bound in place. Written by hand where a tick writes hundreds of rows: Drizzle's building
 * of such a statement cost more than the statement.
 */
export interface MultiRowInsert {
  /** Up to and including `values `. */
  head: string;
  /** One row's placeholders, e.g. `(?, ?, 'pending', ?)`. */
  row: string;
  /** After the rows: ` on conflict …`, ` returning …`, or "". */
  tail: string;
}

/**
 * Rows a statement carries on this engine. PostgreSQL plans a VALUES list of bound values in a time
 * that grows faster than its rows (measured on the bench province's reminder tick: 359 outbox rows
 * in one statement 36–62 ms, in statements of 50 rows 21–41 ms; a bare `values` list of 100 rows of
 * 4 values 0.7 ms, of 400 rows 6.9 ms), so its statements stay short. SQLite has no such cost: one
 * statement per 500 rows, well inside its limit on bound values.
 */
export function rowsPerInsert(db: Db): number {
  return db.$executor.engine === "postgres" ? 50 : 500;
}

const texts = new WeakMap<MultiRowInsert, Map<number, string>>();

/** The statement's text for n rows (made once per statement and count). */
function textOf(statement: MultiRowInsert, n: number): string {
  let byCount = texts.get(statement);
  if (!byCount) texts.set(statement, (byCount = new Map()));
  let text = byCount.get(n);
  if (text === undefined) byCount.set(n, (text = `${statement.head}${Array(n).fill(statement.row).join(", ")}${statement.tail}`));
  return text;
}

/**
 * Runs the statement over these rows, rowsPerInsert(db) a statement (in the caller's transaction, if
 * any), each row's values pushed by valuesOf in the order of `row`'s placeholders; answers each
 * statement's result, in order.
 */
export async function insertRows<R>(db: Db, statement: MultiRowInsert, rows: readonly R[], valuesOf: (r: R, into: unknown[]) => void, method: QueryMethod): Promise<QueryResult[]> {
  const size = rowsPerInsert(db);
  const results: QueryResult[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const end = Math.min(rows.length, i + size);
    const params: unknown[] = [];
    for (let j = i; j < end; j += 1) valuesOf(rows[j]!, params);
    // A full statement's text is the same every time: PostgreSQL keeps it prepared (ExecuteOptions.repeated).
    results.push(await db.$executor.execute(textOf(statement, end - i), params, method, { repeated: end - i === size }));
  }
  return results;
}
