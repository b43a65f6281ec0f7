import type Database from "better-sqlite3";
import type { Db } from "../client.ts";
import { PostgresExecutor } from "../postgres-executor.ts";
import { SqliteExecutor } from "../sqlite-executor.ts";

/**
 * The tables that who-reports-what is read from: the catalogue, the organisation, its people and their
 * assignments; and the rarely written rows every chat turn's deadlines and locks are worked out from:
 * the province's settings (its due rule, tracking start) and the periods (closed, reopened).
 */
const watchedTables = ["plans", "indicators", "targets", "tasks", "units", "people", "person_roles", "assignments", "province_settings", "periods"] as const;

// By the better-sqlite3 connection, not the handle: two handles of one connection share its triggers.
const watching = new WeakSet<Database.Database>();
// One counter per connection for its whole life, so a stamp never repeats even when the watch is set up again.
const counters = new WeakMap<Database.Database, { writes: number }>();
let uncached = 0;

const postgresVersionSql = "select version from chitieu_signals.catalogue_version where id = 1";

const versionSql = `select (select last from temp.chitieu_catalogue_writes) || '.' || (select data_version from pragma_data_version)`;

/**
 * A stamp that changes whenever the watched tables may have changed, as this connection sees them,
 * so that what is derived from them (a person's assigned items) can be kept across chat turns while
 * the stamp stays the same.
 *
 * SQLite: writes through this connection are caught by TEMP triggers — every path: services, the
 * admin API, the demo loader, a test's own inserts — which store a number that never repeats (a
 * counter of this process) in a TEMP table. That row is part of the transaction: inside a
 * transaction that wrote, the stamp is new; when it rolls back, the stamp returns to what it was,
 * and the numbers used meanwhile never come back. Commits by other connections (the CLI in another
 * process) change PRAGMA data_version, which SQLite keeps per connection and which this connection's
 * own commits leave alone. The stamp is read through the executor, so it waits, like every query,
 * for a transaction of another caller to end.
 *
 * PostgreSQL: statement triggers on the watched tables (migrations 0003_catalogue_version, 0010_watch_settings_periods) set a one-row
 * table, chitieu_signals.catalogue_version, to the next value of a sequence, in the writer's
 * transaction. One primary-key read per turn (remembered in the transaction until it writes): inside a transaction that wrote, the stamp is new; other
 * connections — this instance's pool, another instance, the CLI — see it once that write commits, and
 * not before (so nobody caches uncommitted data under it); a rollback restores the old stamp, and a
 * sequence value is never handed out twice, so a stamp never repeats. Writers of the watched tables
 * take turns on that row until they commit: catalogue and people writes are rare, turns mostly read.
 */
export async function catalogueVersion(db: Db): Promise<string> {
  const executor = db.$executor;
  if (executor instanceof PostgresExecutor) {
    // A turn's several caches read the stamp once per transaction, until the turn writes (memoUntilWrite).
    return await executor.memoUntilWrite("catalogue_version", async () => {
      const row = (await executor.execute(postgresVersionSql, [], "get")).rows as [number] | undefined;
      // No row: a database migrated before 0003 is not possible (migrations run at open); stay correct anyway.
      return row ? `pg.${row[0]}` : `uncached.${++uncached}`;
    });
  }
  if (!(executor instanceof SqliteExecutor)) return `uncached.${++uncached}`;
  // As on PostgreSQL: once per transaction until it writes (a write may fire the triggers).
  return await executor.memoUntilWrite("catalogue_version", async () => {
    startWatching(executor);
    const row = (await executor.execute(versionSql, [], "get")).rows as [string] | undefined;
    return row![0];
  });
}

/**
 * SQLite: sets up the TEMP triggers now (db/client.ts does at open, outside any transaction, so they
 * are made once). Otherwise the first stamp read does; made inside a transaction, they are made
 * again at every read until one happens outside a transaction, since a rollback would take them away.
 */
export function watchCatalogueWrites(executor: SqliteExecutor): void {
  startWatching(executor);
}

function startWatching(executor: SqliteExecutor): void {
  const sqlite = executor.connection;
  if (watching.has(sqlite)) return;
  if (!counters.has(sqlite)) {
    const counter = { writes: 0 };
    counters.set(sqlite, counter);
    sqlite.function("chitieu_catalogue_write", { deterministic: false }, () => ++counter.writes);
  }
  // TEMP: the table and triggers live with this connection only (not in the file, not in migrations), like the function.
  // The row starts at a fresh number: made again after a rollback took it, it must not repeat a stamp
  // served before, since writes made meanwhile had no trigger to count them.
  sqlite.exec(`
    create temp table if not exists chitieu_catalogue_writes (last integer not null);
    insert into temp.chitieu_catalogue_writes (last) select chitieu_catalogue_write() where not exists (select 1 from temp.chitieu_catalogue_writes);
  `);
  for (const table of watchedTables) {
    for (const event of ["insert", "update", "delete"]) {
      sqlite.exec(
        `create temp trigger if not exists chitieu_watch_${table}_${event} after ${event} on main.${table} ` +
          `begin update temp.chitieu_catalogue_writes set last = chitieu_catalogue_write(); end`,
      );
    }
  }
  // TEMP objects made inside a transaction go with its rollback (a chat turn that failed, say): kept
  // for good only when made outside one; until then every call makes sure they exist (if not exists).
  if (!sqlite.inTransaction) watching.add(sqlite);
}
