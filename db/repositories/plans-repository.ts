import { and, count, eq, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "../client.ts";
import { assignments, indicators, plans, reminderDeliveries, reminderSnoozes, reports, tasks } from "../schema.ts";
import type { PlanRow } from "./catalogue-repository.ts";
import { subjectKey } from "../../src/domain/subject-key.ts";

export interface PlanContents {
  indicators: number;
  tasks: number;
  /** Live assignments (tombstones not counted). */
  assignments: number;
  reports: number;
}

/** What removing a plan would take with it. */
export function planContents(db: Db, planId: number): PlanContents {
  const { indicatorIds, taskIds } = planItemIds(db, planId);
  const bySubject = <T extends typeof assignments | typeof reports>(table: T) =>
    or(indicatorIds.length ? inArray(table.indicatorId, indicatorIds) : undefined, taskIds.length ? inArray(table.taskId, taskIds) : undefined);
  const none = indicatorIds.length + taskIds.length === 0;
  const assignmentCount = none ? 0 : (db.select({ n: count() }).from(assignments).where(and(bySubject(assignments), isNull(assignments.removedAt))).get()?.n ?? 0);
  const reportCount = none ? 0 : (db.select({ n: count() }).from(reports).where(bySubject(reports)).get()?.n ?? 0);
  return { indicators: indicatorIds.length, tasks: taskIds.length, assignments: assignmentCount, reports: reportCount };
}

/**
 * Deletes a plan. Its indicators, targets, tasks, assignments, reports, revisions and evidence rows
 * go by the schema's cascades; reminder deliveries and snoozes, keyed by subject, are deleted here.
 */
export function deletePlan(db: Db, planId: number): void {
  const { indicatorIds, taskIds } = planItemIds(db, planId);
  const subjectKeys = [...indicatorIds.map((id) => subjectKey("indicator", id)), ...taskIds.map((id) => subjectKey("task", id))];
  if (subjectKeys.length) {
    db.delete(reminderDeliveries).where(inArray(reminderDeliveries.subjectKey, subjectKeys)).run();
    db.delete(reminderSnoozes).where(inArray(reminderSnoozes.subjectKey, subjectKeys)).run();
  }
  db.delete(plans).where(eq(plans.id, planId)).run();
}

/** Gives a plan a new number and key, keeping its id and so everything attached to it. */
export function renumberPlan(db: Db, planId: number, values: { key: string; number: string }, now: Date): PlanRow {
  return db.update(plans).set({ key: values.key, number: values.number, updatedAt: now }).where(eq(plans.id, planId)).returning().get();
}

/** A plan imported without a number from a file of this name (`file:<name>`). */
export function findUnnumberedPlanFromFile(db: Db, sourceFile: string): PlanRow | undefined {
  return db.select().from(plans).where(and(eq(plans.key, `file:${sourceFile}`), eq(plans.number, ""))).get();
}

function planItemIds(db: Db, planId: number): { indicatorIds: number[]; taskIds: number[] } {
  return {
    indicatorIds: db.select({ id: indicators.id }).from(indicators).where(eq(indicators.planId, planId)).all().map((r) => r.id),
    taskIds: db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, planId)).all().map((r) => r.id),
  };
}
