import { sql } from "drizzle-orm";
import { inTransaction, type AppDb } from "../app-db.ts";

export type Exclusive<T> = { status: "ran"; value: T } | { status: "skipped" };

/**
 * Namespace of these locks (the first key of PostgreSQL's two-key advisory locks), so that a name's
 * hash never meets the single-key migration lock of db/pg-client.ts. Any fixed int4: "chitieu jobs".
 */
const lockNamespace = 1_932_105_011;

/**
 * Runs fn in one instance only, when several instances share one database (issue 11: cron ticks run
 * once across instances). On PostgreSQL: a transaction that takes the advisory lock of `name` with
 * pg_try_advisory_xact_lock; when another instance holds it, fn does not run and the answer is
 * "skipped" (nobody waits). fn's queries take part in that transaction, and the lock is held until
 * it ends: all of fn's writes commit together, or none do. On SQLite (one process, one file) fn
 * just runs.
 */
export async function runExclusively<T>(db: AppDb, name: string, fn: () => Promise<T>): Promise<Exclusive<T>> {
  if (db.$executor.engine === "sqlite") return { status: "ran", value: await fn() };
  return inTransaction(db, async () => {
    const row = (await db.get(sql`select pg_try_advisory_xact_lock(${lockNamespace}::int4, hashtext(${name}::text))`)) as [number] | undefined;
    if (row?.[0] !== 1) return { status: "skipped" } as const;
    return { status: "ran", value: await fn() } as const;
  });
}

/**
 * The same lock as runExclusively, waited for instead of skipped: fn runs once no instance runs the
 * job `name`, and holds it until fn's transaction ends. For a coordinator's one-off run of a job (the
 * CLI's `reminders run --send`), which must not overlap the job's tick in a service instance, nor be
 * dropped. On SQLite fn just runs (its write transactions already take turns on the file).
 */
export async function runWhenFree<T>(db: AppDb, name: string, fn: () => Promise<T>): Promise<T> {
  if (db.$executor.engine === "sqlite") return await fn();
  return await inTransaction(db, async () => {
    await db.run(sql`select pg_advisory_xact_lock(${lockNamespace}::int4, hashtext(${name}::text))`);
    return await fn();
  });
}
