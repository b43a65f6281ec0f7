import { inTransaction } from "../app-db.ts";
import type { Db } from "../client.ts";

/**
 * Plain INSERT statements for loading a whole synthetic province fast (bench/support/generate-province.ts):
 * run through the executor (compiled once by it), inside one transaction by the caller, values bound
 * positionally; each answers the new row's id (RETURNING, on either engine) where the table has one. Timestamps are UTC
 * milliseconds, as the schema stores them. Not for the service: it writes through the other repositories.
 */
export function bulkLoader(db: Db) {
  const insert = (sql: string) => {
    const text = `${sql} returning id`;
    return async (...values: unknown[]): Promise<number> => Number(((await db.$executor.execute(text, values, "get")).rows as [number])[0]);
  };
  const insertWithoutId = (text: string) => async (...values: unknown[]): Promise<void> => void (await db.$executor.execute(text, values, "run"));
  return {
    transaction<T>(fn: () => Promise<T>): Promise<T> {
      return inTransaction(db, fn);
    },
    plan: insert("insert into plans (key, number, title, format, created_at) values (?, ?, ?, 'table', ?)"),
    unit: insert("insert into units (name, key, kind, parent_id, created_at) values (?, ?, ?, ?, ?)"),
    person: insert("insert into people (name, phone, unit_id, locale, created_at) values (?, ?, ?, 'vi', ?)"),
    // person_roles has no id: its key is (person, role).
    role: insertWithoutId("insert into person_roles (person_id, role) values (?, ?)"),
    chatAccount: insert("insert into chat_accounts (channel, account_id, external_user_id, chat_id, person_id, linked_at, created_at) values ('telegram', '', ?, ?, ?, ?, ?)"),
    indicator: insert(
      "insert into indicators (plan_id, code, printed_number, name, name_key, unit_of_measure, value_kind, direction, due_at, position, created_at) values (?, ?, ?, ?, ?, ?, ?, 'higher', ?, ?, ?)",
    ),
    target: insert("insert into targets (indicator_id, year, level, raw, parsed) values (?, ?, '', ?, ?)"),
    task: insert("insert into tasks (plan_id, code, printed_number, name, name_key, due_at, position, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)"),
    assignment: insert("insert into assignments (subject_key, indicator_id, task_id, unit_id, role, frequency, source, created_at) values (?, ?, ?, ?, ?, ?, 'catalogue', ?)"),
    report: insert(
      "insert into reports (subject_key, indicator_id, task_id, unit_id, period_key, revision, value_number, task_status, reporter_person_id, channel, created_at, updated_at) values (?, ?, ?, ?, ?, 1, ?, ?, ?, 'telegram', ?, ?)",
    ),
    revision: insert("insert into report_revisions (report_id, revision, value_number, task_status, person_id, channel, created_at) values (?, 1, ?, ?, ?, 'telegram', ?)"),
    delivery: insert("insert into reminder_deliveries (person_id, kind, local_date, lines_hash, lines, created_at) values (?, ?, ?, ?, ?, ?)"),
    async count(table: "reports" | "report_revisions" | "assignments" | "reminder_deliveries" | "units" | "people"): Promise<number> {
      return Number(((await db.$executor.execute(`select count(*) from ${table}`, [], "get")).rows as [number])[0]);
    },
  };
}

/** The tables a synthetic province fills by the hundred thousand: what copyRowsToPostgres is for. */
export type BulkTable = "reports" | "report_revisions" | "reminder_deliveries";

/**
 * Inserts rows read from the SQLite file as they are stored there (column name → value; these
 * tables hold numbers and text only, which PostgreSQL's columns hold alike) into the same PostgreSQL
 * table, ids kept: one statement per batch, the rows passed as one JSON parameter
 * (jsonb_populate_recordset), so the server parses them rather than the driver binding each value.
 * For the benches' province of a million reports; the service's copy is db/copy-sqlite-to-postgres.ts.
 */
export async function copyRowsToPostgres(db: Db, table: BulkTable, rows: Record<string, unknown>[]): Promise<void> {
  if (db.$executor.engine !== "postgres") throw new Error("copyRowsToPostgres writes to PostgreSQL only");
  if (rows.length === 0) return;
  await db.$executor.execute(`insert into ${table} overriding system value select * from jsonb_populate_recordset(null::${table}, ?::jsonb)`, [JSON.stringify(rows)], "run");
}

/** Moves a table's id sequence past its largest id, after rows were inserted with their ids. */
export async function resetIdSequence(db: Db, table: BulkTable): Promise<void> {
  await db.$executor.execute(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`, [], "get");
}

/** Fresh planner statistics after a bulk load (autovacuum would get there later). */
export async function analyzeAll(db: Db): Promise<void> {
  await db.$executor.execute("analyze", [], "run");
}

