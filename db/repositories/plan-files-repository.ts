import { and, desc, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "../client.ts";
import { planFiles } from "../schema.ts";

export type PlanFileRow = typeof planFiles.$inferSelect;

/** Records an uploaded plan file (its bytes already in DATA_DIR under its hash); no plan yet. */
export async function insertPlanFile(db: Db, values: Omit<typeof planFiles.$inferInsert, "id" | "planId" | "importedAt">): Promise<PlanFileRow> {
  return await db.insert(planFiles).values({ ...values, planId: null, importedAt: null }).returning().get();
}

export async function findPlanFile(db: Db, id: number): Promise<PlanFileRow | undefined> {
  return await db.select().from(planFiles).where(eq(planFiles.id, id)).get();
}

/** The upload's import was saved into this plan. */
export async function attachPlanFile(db: Db, id: number, planId: number, now: Date): Promise<void> {
  await db.update(planFiles).set({ planId, importedAt: now }).where(and(eq(planFiles.id, id), isNull(planFiles.planId))).run();
}

/** A plan's files, newest first. */
export async function filesOfPlan(db: Db, planId: number): Promise<PlanFileRow[]> {
  return await db.select().from(planFiles).where(eq(planFiles.planId, planId)).orderBy(desc(planFiles.uploadedAt), desc(planFiles.id)).all();
}

/**
 * Forgets the uploads never confirmed (no plan) that were made before `before`; returns the hashes
 * of the rows removed (their bytes may still be named by another row: see planFileHashesInUse).
 */
export async function deleteUnconfirmedPlanFiles(db: Db, before: Date): Promise<string[]> {
  const rows = await db.delete(planFiles).where(and(isNull(planFiles.planId), lt(planFiles.uploadedAt, before))).returning({ sha256: planFiles.sha256 }).all();
  return rows.map((r) => r.sha256);
}

/** Every hash a row (of a plan or awaiting confirmation) still names. */
export async function planFileHashesInUse(db: Db): Promise<Set<string>> {
  return new Set((await db.selectDistinct({ sha256: planFiles.sha256 }).from(planFiles).all()).map((r) => r.sha256));
}
