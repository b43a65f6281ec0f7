import { and, count, eq, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "../client.ts";
import { assignments, indicators, plans, reminderSnoozes, reports, tasks } from "../schema.ts";
import type { PlanRow } from "./catalogue-repository.ts";
import { forgetDeliveriesOfSubjects } from "./reminders-repository.ts";
import { subjectKey } from "../../src/domain/subject-key.ts";
import type { Frequency } from "../../src/domain/frequency.ts";

export interface PlanContents {
  indicators: number;
  tasks: number;
  /** Live assignments (tombstones not counted). */
  assignments: number;
  reports: number;
}

/** What removing a plan would take with it. */
export async function planContents(db: Db, planId: number): Promise<PlanContents> {
  const { indicatorIds, taskIds } = await planItemIds(db, planId);
  const bySubject = <T extends typeof assignments | typeof reports>(table: T) =>
    or(indicatorIds.length ? inArray(table.indicatorId, indicatorIds) : undefined, taskIds.length ? inArray(table.taskId, taskIds) : undefined);
  const none = indicatorIds.length + taskIds.length === 0;
  const assignmentCount = none ? 0 : ((await db.select({ n: count() }).from(assignments).where(and(bySubject(assignments), isNull(assignments.removedAt))).get())?.n ?? 0);
  const reportCount = none ? 0 : ((await db.select({ n: count() }).from(reports).where(bySubject(reports)).get())?.n ?? 0);
  return { indicators: indicatorIds.length, tasks: taskIds.length, assignments: assignmentCount, reports: reportCount };
}

/**
 * Deletes a plan. Its indicators, targets, tasks, assignments, reports, revisions and evidence rows
 * go by the schema's cascades; its lines of reminder deliveries and its snoozes, keyed by subject, are deleted here.
 */
export async function deletePlan(db: Db, planId: number): Promise<void> {
  const { indicatorIds, taskIds } = await planItemIds(db, planId);
  const subjectKeys = [...indicatorIds.map((id) => subjectKey("indicator", id)), ...taskIds.map((id) => subjectKey("task", id))];
  if (subjectKeys.length) {
    await forgetDeliveriesOfSubjects(db, subjectKeys);
    await db.delete(reminderSnoozes).where(inArray(reminderSnoozes.subjectKey, subjectKeys)).run();
  }
  await db.delete(plans).where(eq(plans.id, planId)).run();
}

/** Gives a plan a new number and key, keeping its id and so everything attached to it. */
export async function renumberPlan(db: Db, planId: number, values: { key: string; number: string }, now: Date): Promise<PlanRow> {
  return await db.update(plans).set({ key: values.key, number: values.number, updatedAt: now }).where(eq(plans.id, planId)).returning().get();
}

/** A plan imported without a number from a file of this name (`file:<name>`). */
export async function findUnnumberedPlanFromFile(db: Db, sourceFile: string): Promise<PlanRow | undefined> {
  return await db.select().from(plans).where(and(eq(plans.key, `file:${sourceFile}`), eq(plans.number, ""))).get();
}

async function planItemIds(db: Db, planId: number): Promise<{ indicatorIds: number[]; taskIds: number[] }> {
  return {
    indicatorIds: (await db.select({ id: indicators.id }).from(indicators).where(eq(indicators.planId, planId)).all()).map((r) => r.id),
    taskIds: (await db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, planId)).all()).map((r) => r.id),
  };
}

/** The frequencies a plan's items are reported at, by subject key ("i:12", "t:3"): live assignments only. */
export async function planItemFrequencies(db: Db, planId: number): Promise<Map<string, Frequency[]>> {
  const rows = await db
    .selectDistinct({ subjectKey: assignments.subjectKey, frequency: assignments.frequency })
    .from(assignments)
    .leftJoin(indicators, eq(assignments.indicatorId, indicators.id))
    .leftJoin(tasks, eq(assignments.taskId, tasks.id))
    .where(and(isNull(assignments.removedAt), or(eq(indicators.planId, planId), eq(tasks.planId, planId))))
    .all();
  const out = new Map<string, Frequency[]>();
  for (const r of rows) out.set(r.subjectKey, [...(out.get(r.subjectKey) ?? []), r.frequency].sort());
  return out;
}
