import { changedRows } from "../app-db.ts";
import { and, asc, eq, gte } from "drizzle-orm";
import type { Db } from "../client.ts";
import { sameJsonValue } from "./raw-sql.ts";
import { planTables } from "../schema.ts";

export type PlanTableRow = typeof planTables.$inferSelect;
export type PlanTableValues = Omit<typeof planTables.$inferInsert, "id" | "planId" | "position">;

/**
 * Replaces a plan's table layout where it differs, table by table: re-importing an unchanged plan
 * writes nothing. Returns how many tables were written or removed.
 */
export async function savePlanTables(db: Db, planId: number, tables: PlanTableValues[]): Promise<{ written: number; removed: number }> {
  const existing = new Map((await planTablesOf(db, planId)).map((t) => [t.position, t]));
  let written = 0;
  for (const [position, t] of tables.entries()) {
    const old = existing.get(position);
    const same = old && old.kind === t.kind && old.appendix === t.appendix && old.title === t.title && sameJsonValue([old.headers, old.columns, old.rows], [t.headers, t.columns, t.rows]);
    if (same) continue;
    written += 1;
    if (old) await db.update(planTables).set(t).where(eq(planTables.id, old.id)).run();
    else await db.insert(planTables).values({ ...t, planId, position }).run();
  }
  const removed = changedRows(await db.delete(planTables).where(and(eq(planTables.planId, planId), gte(planTables.position, tables.length))).run());
  return { written, removed };
}

export async function planTablesOf(db: Db, planId: number): Promise<PlanTableRow[]> {
  return await db.select().from(planTables).where(eq(planTables.planId, planId)).orderBy(asc(planTables.position)).all();
}
