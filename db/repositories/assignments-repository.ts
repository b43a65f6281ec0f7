import { and, eq, isNull, like } from "drizzle-orm";
import type { Db } from "../client.ts";
import { assignments, type AssignmentRole, type Frequency } from "../schema.ts";

export type AssignmentRow = typeof assignments.$inferSelect;

export type Subject = { type: "indicator"; id: number } | { type: "task"; id: number };

export function subjectKey(subject: Subject): string {
  return `${subject.type === "indicator" ? "i" : "t"}:${subject.id}`;
}

export function findAssignment(db: Db, subject: Subject, unitId: number, role: AssignmentRole): AssignmentRow | undefined {
  return db
    .select()
    .from(assignments)
    .where(and(eq(assignments.subjectKey, subjectKey(subject)), eq(assignments.unitId, unitId), eq(assignments.role, role)))
    .get();
}

/**
 * Makes sure the assignment exists. A catalogue-derived row never revives a coordinator's removal
 * (tombstone) nor overwrites a manual row; a manual add revives a removed row.
 */
export function ensureAssignment(
  db: Db,
  values: { subject: Subject; unitId: number; role: AssignmentRole; frequency: Frequency; source: "catalogue" | "manual"; focalPersonId?: number | null; now: Date },
): { row: AssignmentRow; change: "created" | "updated" | "unchanged" } {
  const existing = findAssignment(db, values.subject, values.unitId, values.role);
  if (!existing) {
    const row = db
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
  const row = db.update(assignments).set(next).where(eq(assignments.id, existing.id)).returning().get();
  return { row, change: "updated" };
}

export function markAssignmentRemoved(db: Db, id: number, now: Date): void {
  db.update(assignments).set({ removedAt: now }).where(eq(assignments.id, id)).run();
}

/** Catalogue-derived rows of a subject that the catalogue no longer implies. */
export function catalogueAssignmentsOf(db: Db, subject: Subject): AssignmentRow[] {
  return db
    .select()
    .from(assignments)
    .where(and(eq(assignments.subjectKey, subjectKey(subject)), eq(assignments.source, "catalogue")))
    .all();
}

export function deleteAssignment(db: Db, id: number): void {
  db.delete(assignments).where(eq(assignments.id, id)).run();
}

export function activeAssignmentsOfUnit(db: Db, unitId: number): AssignmentRow[] {
  return db.select().from(assignments).where(and(eq(assignments.unitId, unitId), isNull(assignments.removedAt))).all();
}

export function activeAssignmentsOfSubjectType(db: Db, type: Subject["type"]): AssignmentRow[] {
  return db
    .select()
    .from(assignments)
    .where(and(like(assignments.subjectKey, `${type === "indicator" ? "i" : "t"}:%`), isNull(assignments.removedAt)))
    .all();
}
