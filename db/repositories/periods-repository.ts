import { count, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { periods, reports } from "../schema.ts";

export type PeriodRow = typeof periods.$inferSelect;

export function listPeriodRows(db: Db): PeriodRow[] {
  return db.select().from(periods).all();
}

export function findPeriodById(db: Db, id: number): PeriodRow | undefined {
  return db.select().from(periods).where(eq(periods.id, id)).get();
}

export function findPeriodByKey(db: Db, key: string): PeriodRow | undefined {
  return db.select().from(periods).where(eq(periods.key, key)).get();
}

export function insertPeriod(db: Db, values: Pick<PeriodRow, "key" | "kind" | "startsOn" | "endsOn">): PeriodRow {
  return db.insert(periods).values(values).returning().get();
}

/** Closes (closedAt set) or reopens (null) a period. */
/** Closes a period, or reopens it (which also lifts the cutoff lock: reopenedAt). */
export function setPeriodClosed(db: Db, id: number, change: { at: Date; byPersonId: number | null } | { reopenedAt: Date }): PeriodRow {
  return db
    .update(periods)
    .set("reopenedAt" in change ? { closedAt: null, closedByPersonId: null, reopenedAt: change.reopenedAt } : { closedAt: change.at, closedByPersonId: change.byPersonId })
    .where(eq(periods.id, id))
    .returning()
    .get();
}

/** How many reports each period key has. */
export function reportCountsByPeriod(db: Db): Map<string, number> {
  return new Map(
    db
      .select({ key: reports.periodKey, n: count() })
      .from(reports)
      .groupBy(reports.periodKey)
      .all()
      .map((r) => [r.key, r.n]),
  );
}
