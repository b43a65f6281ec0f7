import { count, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { periods, reports } from "../schema.ts";

export type PeriodRow = typeof periods.$inferSelect;

export async function listPeriodRows(db: Db): Promise<PeriodRow[]> {
  return await db.select().from(periods).all();
}

export async function findPeriodById(db: Db, id: number): Promise<PeriodRow | undefined> {
  return await db.select().from(periods).where(eq(periods.id, id)).get();
}

export async function findPeriodByKey(db: Db, key: string): Promise<PeriodRow | undefined> {
  return await db.select().from(periods).where(eq(periods.key, key)).get();
}

export async function insertPeriod(db: Db, values: Pick<PeriodRow, "key" | "kind" | "startsOn" | "endsOn">): Promise<PeriodRow> {
  return await db.insert(periods).values(values).returning().get();
}

/** Closes (closedAt set) or reopens (null) a period. */
/** Closes a period, or reopens it (which also lifts the cutoff lock: reopenedAt). */
export async function setPeriodClosed(db: Db, id: number, change: { at: Date; byPersonId: number | null } | { reopenedAt: Date }): Promise<PeriodRow> {
  return await db
    .update(periods)
    .set("reopenedAt" in change ? { closedAt: null, closedByPersonId: null, reopenedAt: change.reopenedAt } : { closedAt: change.at, closedByPersonId: change.byPersonId })
    .where(eq(periods.id, id))
    .returning()
    .get();
}

/** How many reports each period key has. */
export async function reportCountsByPeriod(db: Db): Promise<Map<string, number>> {
  return new Map(
    (await db
      .select({ key: reports.periodKey, n: count() })
      .from(reports)
      .groupBy(reports.periodKey)
      .all())
      .map((r) => [r.key, r.n]),
  );
}
