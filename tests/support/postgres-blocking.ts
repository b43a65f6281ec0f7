import type pg from "pg";

/**
 * Asks the server, round trip after round trip, until some session of this database waits for a
 * lock held by another (at most 500 asks): the test then knows the other statement is parked, with no sleep.
 */
export async function waitUntilBlocked(watcher: pg.Client): Promise<boolean> {
  for (let i = 0; i < 500; i += 1) {
    const { rows } = await watcher.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and cardinality(pg_blocking_pids(pid)) > 0",
    );
    if (rows[0]!.n > 0) return true;
  }
  return false;
}
