import { and, desc, eq, isNull } from "drizzle-orm";
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

/** Whether any row (of a plan or awaiting confirmation) still names these bytes. */
export async function planFileHashInUse(db: Db, sha256: string): Promise<boolean> {
  return (await db.select({ id: planFiles.id }).from(planFiles).where(eq(planFiles.sha256, sha256)).limit(1).get()) !== undefined;
}
