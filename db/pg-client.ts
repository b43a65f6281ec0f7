import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { createAppDb, type AppDb } from "./app-db.ts";
import { createPostgresPool, PostgresExecutor } from "./postgres-executor.ts";
import * as schema from "./schema-pg.ts";

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "migrations-pg");

/**
 * Connects a pool to the PostgreSQL database at url (postgres://user:pass@host:port/db) and applies
 * pending migrations of db/migrations-pg. Drizzle's migrator takes no lock of its own, so several
 * instances starting together on one database would race: they take turns on an advisory lock.
 */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<PgDb> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client that loses its server (restart, network) emits "error" on the pool: without a
  // listener that would crash the process; the next query gets a fresh connection instead.
  pool.on("error", () => {});
  const db = drizzle(pool, { schema }) as PgDb;
  try {
    await migrateWithLock(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return db;
}

/**
 * The service's handle on PostgreSQL (issue 11): a pool with SQLite-like type parsers, migrated under
 * the migration lock, behind the one AppDb the repositories take (db/app-db.ts). close() ends the pool.
 */
export async function openPostgresAppDb(url: string, options: { max?: number } = {}): Promise<AppDb> {
  const pool = createPostgresPool(url, options);
  try {
    await migrateWithLock(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return createAppDb(new PostgresExecutor(pool));
}

export async function closePostgres(db: PgDb): Promise<void> {
  if (!db.$client.ended) await db.$client.end();
}

/** A cheap round trip that proves the server answers: for /healthz once the service runs on PostgreSQL. */
export async function pingPostgres(db: PgDb): Promise<boolean> {
  const result = await db.$client.query<{ ok: number }>("select 1 as ok");
  return result.rows[0]?.ok === 1;
}

/** Any fixed 64-bit number, the same in every instance: "chitieu migrations". */
const migrationLockKey = 7_326_550_601;

async function migrateWithLock(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [migrationLockKey]);
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [migrationLockKey]);
    }
  } finally {
    client.release();
  }
}
