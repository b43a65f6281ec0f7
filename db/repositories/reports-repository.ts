import { and, desc, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { Db } from "../client.ts";
import { evidence, people, periods, reportRevisions, reports } from "../schema.ts";

export type ReportRow = typeof reports.$inferSelect;

export function findReport(db: Db, subjectKey: string, unitId: number, periodKey: string): ReportRow | undefined {
  return db.select().from(reports).where(and(eq(reports.subjectKey, subjectKey), eq(reports.unitId, unitId), eq(reports.periodKey, periodKey))).get();
}

export function reportsFor(db: Db, subjectKey: string, unitId: number, periodKeys: string[]): (ReportRow & { reporterName: string | null })[] {
  if (periodKeys.length === 0) return [];
  return db
    .select({ r: reports, reporterName: people.name })
    .from(reports)
    .leftJoin(people, eq(people.id, reports.reporterPersonId))
    .where(and(eq(reports.subjectKey, subjectKey), eq(reports.unitId, unitId), inArray(reports.periodKey, periodKeys)))
    .all()
    .map((x) => ({ ...x.r, reporterName: x.reporterName }));
}

export function recentReportsOf(db: Db, personId: number, unitId: number | null, limit: number): ReportRow[] {
  return db
    .select()
    .from(reports)
    .where(unitId === null ? eq(reports.reporterPersonId, personId) : or(eq(reports.reporterPersonId, personId), eq(reports.unitId, unitId)))
    .orderBy(desc(reports.updatedAt), desc(reports.id))
    .limit(limit)
    .all();
}

export function revisionBySourceRef(db: Db, sourceRef: string) {
  return db.select().from(reportRevisions).where(eq(reportRevisions.sourceRef, sourceRef)).get();
}

export function revisionsOf(db: Db, reportId: number) {
  return db.select().from(reportRevisions).where(eq(reportRevisions.reportId, reportId)).orderBy(reportRevisions.revision).all();
}

export function evidenceOf(db: Db, revisionId: number) {
  return db.select().from(evidence).where(eq(evidence.revisionId, revisionId)).all();
}

export function closedPeriodKeys(db: Db): Set<string> {
  return new Set(db.select({ key: periods.key }).from(periods).where(isNotNull(periods.closedAt)).all().map((p) => p.key));
}
