import { changedRows } from "../app-db.ts";
import { and, eq, inArray, isNull, like, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import type { AssignmentRole } from "../../src/domain/assignment-role.ts";
import type { Frequency } from "../../src/domain/frequency.ts";
import { subjectKey as keyOf, subjectKeyPrefix } from "../../src/domain/subject-key.ts";
import { assignments, indicators, plans, tasks, units } from "../schema.ts";

export type AssignmentRow = typeof assignments.$inferSelect;

export type Subject = { type: "indicator"; id: number } | { type: "task"; id: number };

export function subjectKey(subject: Subject): string {
  return keyOf(subject.type, subject.id);
}

export async function findAssignment(db: Db, subject: Subject, unitId: number, role: AssignmentRole): Promise<AssignmentRow | undefined> {
  return await db
    .select()
    .from(assignments)
    .where(and(eq(assignments.subjectKey, subjectKey(subject)), eq(assignments.unitId, unitId), eq(assignments.role, role)))
    .get();
}

/**
 * Makes sure the assignment exists. A catalogue-derived row never revives a coordinator's removal
 * (tombstone) nor overwrites a manual row; a manual add revives a removed row.
 */
export async function ensureAssignment(
  db: Db,
  values: { subject: Subject; unitId: number; role: AssignmentRole; frequency: Frequency; source: "catalogue" | "manual"; focalPersonId?: number | null; now: Date },
): Promise<{ row: AssignmentRow; change: "created" | "updated" | "unchanged" }> {
  const existing = await findAssignment(db, values.subject, values.unitId, values.role);
  if (!existing) {
    const row = await db
      .insert(assignments)
      .values({
        subjectKey: subjectKey(values.subject),
        indicatorId: values.subject.type === "indicator" ? values.subject.id : null,
        taskId: values.subject.type === "task" ? values.subject.id : null,
        unitId: values.unitId,
        role: values.role,
        frequency: values.frequency,
        focalPersonId: values.focalPersonId ?? null,
        source: values.source,
        createdAt: values.now,
      })
      .returning()
      .get();
    return { row, change: "created" };
  }
  if (values.source === "catalogue") return { row: existing, change: "unchanged" };
  const next = {
    removedAt: null,
    source: "manual" as const,
    frequency: values.frequency,
    focalPersonId: values.focalPersonId === undefined ? existing.focalPersonId : values.focalPersonId,
  };
  if (existing.removedAt === null && existing.source === "manual" && existing.frequency === next.frequency && existing.focalPersonId === next.focalPersonId) {
    return { row: existing, change: "unchanged" };
  }
  const row = await db.update(assignments).set(next).where(eq(assignments.id, existing.id)).returning().get();
  return { row, change: "updated" };
}

export async function markAssignmentRemoved(db: Db, id: number, now: Date): Promise<void> {
  await db.update(assignments).set({ removedAt: now }).where(eq(assignments.id, id)).run();
}

/** Catalogue-derived rows of a subject that the catalogue no longer implies. */
export async function catalogueAssignmentsOf(db: Db, subject: Subject): Promise<AssignmentRow[]> {
  return await db
    .select()
    .from(assignments)
    .where(and(eq(assignments.subjectKey, subjectKey(subject)), eq(assignments.source, "catalogue")))
    .all();
}

export async function deleteAssignment(db: Db, id: number): Promise<void> {
  await db.delete(assignments).where(eq(assignments.id, id)).run();
}

export async function activeAssignmentsOfUnit(db: Db, unitId: number): Promise<AssignmentRow[]> {
  return await db.select().from(assignments).where(and(eq(assignments.unitId, unitId), isNull(assignments.removedAt))).all();
}

export async function activeAssignmentsOfSubjectType(db: Db, type: Subject["type"]): Promise<AssignmentRow[]> {
  return await db
    .select()
    .from(assignments)
    .where(and(like(assignments.subjectKey, `${subjectKeyPrefix(type)}%`), isNull(assignments.removedAt)))
    .all();
}

/** Sets the frequency of every active assignment of these items; returns how many changed. */
export async function setFrequencyOfItems(db: Db, items: { indicatorIds: number[]; taskIds: number[] }, frequency: Frequency): Promise<number> {
  const subjects = [
    ...(items.indicatorIds.length ? [inArray(assignments.indicatorId, items.indicatorIds)] : []),
    ...(items.taskIds.length ? [inArray(assignments.taskId, items.taskIds)] : []),
  ];
  if (subjects.length === 0) return 0;
  return changedRows(await db
    .update(assignments)
    .set({ frequency })
    .where(and(isNull(assignments.removedAt), or(...subjects)))
    .run());
}

/** The units an item is actively assigned to, with their role, by role then name. */
export async function assignedUnitNames(db: Db, subjectKey: string): Promise<{ role: AssignmentRole; unit: string }[]> {
  return await db
    .select({ role: assignments.role, unit: units.name })
    .from(assignments)
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(and(eq(assignments.subjectKey, subjectKey), isNull(assignments.removedAt)))
    .orderBy(assignments.role, units.name)
    .all();
}

/**
 * The active reporting assignments (lead, coordinating, implementing) of these units, with their
 * item, unit and plan, in plan order; with a person, those pinned to someone else are left out.
 */
export async function activeReportingAssignments(db: Db, unitIds: number[], personId?: number) {
  if (unitIds.length === 0) return [];
  const reportingRoles: AssignmentRole[] = ["lead", "coordinating", "implementing"];
  return await db
    .select({ a: assignments, unitName: units.name, iName: indicators.name, iCode: indicators.code, tName: tasks.name, tCode: tasks.code, planNumber: plans.number, planKey: plans.key })
    .from(assignments)
    .innerJoin(units, eq(units.id, assignments.unitId))
    .leftJoin(indicators, eq(indicators.id, assignments.indicatorId))
    .leftJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, or(eq(plans.id, indicators.planId), eq(plans.id, tasks.planId)))
    .where(
      and(
        inArray(assignments.unitId, unitIds),
        isNull(assignments.removedAt),
        inArray(assignments.role, reportingRoles),
        personId === undefined ? undefined : or(isNull(assignments.focalPersonId), eq(assignments.focalPersonId, personId)),
      ),
    )
    // Indicators before tasks at one position: NULLS FIRST is SQLite's default and must be said for PostgreSQL (NULLS LAST).
    .orderBy(plans.id, sql`coalesce(${indicators.position}, ${tasks.position})`, sql`${assignments.taskId} nulls first`, assignments.unitId)
    .all();
}

/** The active reporting assignments (lead, coordinating, implementing) of one frequency, across the province. */
export async function activeReportingAssignmentsOfFrequency(db: Db, frequency: Frequency): Promise<{ subjectKey: string; unitId: number; focal: number | null }[]> {
  return await db
    .select({ subjectKey: assignments.subjectKey, unitId: assignments.unitId, focal: assignments.focalPersonId })
    .from(assignments)
    .where(and(isNull(assignments.removedAt), eq(assignments.frequency, frequency), inArray(assignments.role, ["lead", "coordinating", "implementing"])))
    .all();
}

/** When each of these assignments was made. */
export async function assignmentsCreatedAt(db: Db, ids: number[]): Promise<Map<number, Date>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: assignments.id, createdAt: assignments.createdAt }).from(assignments).where(inArray(assignments.id, ids)).all();
  return new Map(rows.map((r) => [r.id, r.createdAt]));
}
