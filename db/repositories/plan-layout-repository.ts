import { and, asc, eq, gte } from "drizzle-orm";
import type { Db } from "../client.ts";
import { planTables } from "../schema.ts";

export type PlanTableRow = typeof planTables.$inferSelect;
export type PlanTableValues = Omit<typeof planTables.$inferInsert, "id" | "planId" | "position">;

/**
 * Replaces a plan's table layout where it differs, table by table: re-importing an unchanged plan
 * writes nothing. Returns how many tables were written or removed.
 */
export function savePlanTables(db: Db, planId: number, tables: PlanTableValues[]): { written: number; removed: number } {
  const existing = new Map(planTablesOf(db, planId).map((t) => [t.position, t]));
  let written = 0;
  tables.forEach((t, position) => {
    const old = existing.get(position);
    const same = old && old.kind === t.kind && old.appendix === t.appendix && old.title === t.title && JSON.stringify([old.headers, old.columns, old.rows]) === JSON.stringify([t.headers, t.columns, t.rows]);
    if (same) return;
    written += 1;
    if (old) db.update(planTables).set(t).where(eq(planTables.id, old.id)).run();
    else db.insert(planTables).values({ ...t, planId, position }).run();
  });
  const removed = db.delete(planTables).where(and(eq(planTables.planId, planId), gte(planTables.position, tables.length))).run().changes;
  return { written, removed };
}

export function planTablesOf(db: Db, planId: number): PlanTableRow[] {
  return db.select().from(planTables).where(eq(planTables.planId, planId)).orderBy(asc(planTables.position)).all();
}
