import type { Db } from "../client.ts";

/**
 * Hand-written SQL for the few reads the query builder does not express well (set-wide reads of
 * the read models, a recursive tree walk). Written with `:name` parameters, run through the
 * database's executor (so it takes part in the open transaction, and on SQLite waits for another
 * one to end) as `?` placeholders, which the PostgreSQL executor numbers. Keep the SQL portable:
 * coalesce, no SQLite date functions, every non-aggregated column grouped; where an engine needs
 * its own form, ask `db.$executor.engine` (see jsonList).
 */
const positional = new Map<string, { text: string; names: string[] }>();

function toPositional(text: string): { text: string; names: string[] } {
  let hit = positional.get(text);
  if (!hit) {
    const names: string[] = [];
    const converted = text.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (_, name: string) => (names.push(name), "?"));
    if (positional.size > 1000) positional.clear();
    positional.set(text, (hit = { text: converted, names }));
  }
  return hit;
}

function bind(names: string[], params: Record<string, unknown>): unknown[] {
  return names.map((n) => {
    if (!(n in params)) throw new Error(`raw SQL: no value for :${n}`);
    return params[n];
  });
}

/** Rows as arrays of column values, in select order. */
export async function rawArrays<T extends unknown[]>(db: Db, text: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const q = toPositional(text);
  return (await db.$executor.execute(q.text, bind(q.names, params), "all")).rows as T[];
}

/** Rows as objects, their keys the given column names in select order. */
export async function rawRows<T>(db: Db, columns: readonly (keyof T & string)[], text: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return (await rawArrays(db, text, params)).map((row) => objectOf<T>(columns, row));
}

/** The first row as an object, or undefined. */
export async function rawRow<T>(db: Db, columns: readonly (keyof T & string)[], text: string, params: Record<string, unknown> = {}): Promise<T | undefined> {
  const q = toPositional(text);
  const row = (await db.$executor.execute(q.text, bind(q.names, params), "get")).rows as unknown[] | undefined;
  return row === undefined ? undefined : objectOf<T>(columns, row);
}

/** Runs a write; answers how many rows it changed. */
export async function rawRun(db: Db, text: string, params: Record<string, unknown> = {}): Promise<number> {
  const q = toPositional(text);
  return (await db.$executor.execute(q.text, bind(q.names, params), "run")).changes ?? 0;
}

function objectOf<T>(columns: readonly string[], row: unknown[]): T {
  const o: Record<string, unknown> = {};
  columns.forEach((c, i) => (o[c] = row[i]));
  return o as T;
}

/**
 * The values of a JSON array parameter (`:name`, bound as JSON text) as a one-column table, for
 * `x in (select value from …)`: SQLite's json_each, PostgreSQL's jsonb_array_elements_text (cast to
 * what the column holds). The PostgreSQL form is not yet run by a test here.
 */
export function jsonList(db: Db, param: string, kind: "integer" | "text"): string {
  if (db.$executor.engine === "sqlite") return `select value from json_each(:${param})`;
  return kind === "integer" ? `select value::bigint from jsonb_array_elements_text(cast(:${param} as jsonb))` : `select value from jsonb_array_elements_text(cast(:${param} as jsonb))`;
}

/**
 * `column in (the values of a JSON array parameter)`, as each planner reads it best. SQLite: `in
 * (select value from json_each(:name))`, answered by an index on the column. PostgreSQL: `= any(array(
 * select …))`, an array worked out once (an InitPlan) that an index scan takes as its condition; the
 * plain `in (select … from jsonb_array_elements_text(…))` was planned as a semi-join expecting 100
 * values, and over a million reports that meant reading them all (a sequential scan, ~0.8 s) to keep
 * one month's.
 */
export function inJsonList(db: Db, column: string, param: string, kind: "integer" | "text"): string {
  if (db.$executor.engine === "sqlite") return `${column} in (${jsonList(db, param, kind)})`;
  return `${column} = any(array(${jsonList(db, param, kind)}))`;
}

/**
 * Whether two JSON values are the same value, whatever the order of their objects' keys: a json
 * column read back from PostgreSQL's jsonb has its keys in jsonb's order (shorter keys first), not
 * in the order they were written, so comparing JSON.stringify texts would see a change where there
 * is none. undefined members are dropped, as JSON.stringify drops them.
 */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}
