import { and, desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { countsAsSubmitted } from "../../src/domain/figure-counts.ts";
import { auditLog, evidence, people, periods, reportRevisions, reports } from "../schema.ts";
import { prepareOnce } from "./prepare-once.ts";

export type ReportRow = typeof reports.$inferSelect;

export type NewRevision = Required<Omit<typeof reportRevisions.$inferInsert, "id">>;

/**
 * Saves the latest revision of (item, unit, period) in one statement, answering its id and revision
 * number: the first save inserts revision 1; a save that finds the row (the unique index on item,
 * unit and period) overwrites it with the next revision, submitted again whatever the head decided
 * about the one before (the revisions keep the history). Two instances saving the same report at the
 * same moment therefore never collide on the index: on PostgreSQL the second waits for the first to
 * commit and then adds the next revision on top of it; SQLite runs one write transaction at a time.
 */
export async function saveLatestRevision(db: Db, values: NewReport): Promise<{ id: number; revision: number }> {
  return (await statements(db).saveLatestRevision.get({ ...values, revision: 1 }))!;
}

export type NewReport = Required<Omit<typeof reports.$inferInsert, "id" | "revision" | "figureStatus" | "decidedByPersonId" | "decidedAt" | "returnReason">>;

export async function insertRevision(db: Db, values: NewRevision): Promise<number> {
  return (await statements(db).insertRevision.get(values))!.id;
}

export type NewEvidence = Required<Omit<typeof evidence.$inferInsert, "id">>;

export async function insertEvidence(db: Db, values: NewEvidence): Promise<void> {
  await db.insert(evidence).values(values).run();
}

/** The audit line of a report or correction. */
export async function auditReport(db: Db, v: { at: Date; actorPersonId: number | null; actor: string; action: "report.create" | "report.correct" | "report.approve" | "report.return"; reportId: number; details: unknown }): Promise<void> {
  await statements(db).auditReport.run({ at: v.at, actorPersonId: v.actorPersonId, actor: v.actor, action: v.action, entityId: String(v.reportId), details: v.details });
}

export async function reportsFor(db: Db, subjectKey: string, unitId: number, periodKeys: string[]): Promise<(ReportRow & { reporterName: string | null })[]> {
  if (periodKeys.length === 0) return [];
  return (await db
    .select({ r: reports, reporterName: people.name })
    .from(reports)
    .leftJoin(people, eq(people.id, reports.reporterPersonId))
    .where(and(eq(reports.subjectKey, subjectKey), eq(reports.unitId, unitId), inArray(reports.periodKey, periodKeys)))
    .all())
    .map((x) => ({ ...x.r, reporterName: x.reporterName }));
}

export async function recentReportsOf(db: Db, personId: number, unitId: number | null, limit: number): Promise<ReportRow[]> {
  return await db
    .select()
    .from(reports)
    .where(unitId === null ? eq(reports.reporterPersonId, personId) : or(eq(reports.reporterPersonId, personId), eq(reports.unitId, unitId)))
    .orderBy(desc(reports.updatedAt), desc(reports.id))
    .limit(limit)
    .all();
}

/** The (item, unit) pairs whose report for the period counts as submitted (not returned), as "subjectKey|unitId". */
export async function reportedPairsInPeriod(db: Db, periodKey: string): Promise<Set<string>> {
  return new Set(
    (await db
      .select({ subjectKey: reports.subjectKey, unitId: reports.unitId, figureStatus: reports.figureStatus })
      .from(reports)
      .where(eq(reports.periodKey, periodKey))
      .all())
      // A figure its head returned is not sent as far as a reminder is concerned (src/domain/figure-counts.ts).
      .filter((r) => countsAsSubmitted(r))
      .map((r) => `${r.subjectKey}|${r.unitId}`),
  );
}

/** What a period's line shows of its report, and whose it is. */
const reportLine = {
  subjectKey: reports.subjectKey,
  unitId: reports.unitId,
  periodKey: reports.periodKey,
  revision: reports.revision,
  valueNumber: reports.valueNumber,
  valueText: reports.valueText,
  taskStatus: reports.taskStatus,
  note: reports.note,
  createdAt: reports.createdAt,
  updatedAt: reports.updatedAt,
  reporterName: people.name,
  figureStatus: reports.figureStatus,
  returnReason: reports.returnReason,
};

export type ReportLine = Awaited<ReturnType<typeof reportLinesOfItem>>[number];

/**
 * The reports of the product of these items, units and periods, with their reporter's name: the
 * caller reads the combinations it wants. Plain IN lists, so any SQL engine runs it.
 */
export async function reportLines(db: Db, q: { subjectKeys: string[]; unitIds: number[]; periodKeys: string[] }) {
  if (q.subjectKeys.length === 0 || q.unitIds.length === 0 || q.periodKeys.length === 0) return [];
  return await db
    .select(reportLine)
    .from(reports)
    .leftJoin(people, eq(people.id, reports.reporterPersonId))
    .where(and(inArray(reports.subjectKey, q.subjectKeys), inArray(reports.unitId, q.unitIds), inArray(reports.periodKey, q.periodKeys)))
    .all();
}

/**
 * The reports of one item of one unit in these periods: a turn about one item (most are) goes
 * straight down the unique index with a statement prepared once; the periods are picked here.
 */
export async function reportLinesOfItem(db: Db, subjectKey: string, unitId: number, periodKeys: string[]) {
  const wanted = new Set(periodKeys);
  return (await statements(db).reportLinesOfItem.all({ subjectKey, unitId })).filter((r) => wanted.has(r.periodKey));
}

export async function revisionBySourceRef(db: Db, sourceRef: string) {
  return await statements(db).revisionBySourceRef.get({ sourceRef });
}

export async function revisionsOf(db: Db, reportId: number) {
  return await db.select().from(reportRevisions).where(eq(reportRevisions.reportId, reportId)).orderBy(reportRevisions.revision).all();
}

export async function evidenceOf(db: Db, revisionId: number) {
  return await db.select().from(evidence).where(eq(evidence.revisionId, revisionId)).all();
}

export async function closedPeriodKeys(db: Db): Promise<Set<string>> {
  return new Set((await statements(db).closedPeriodKeys.all()).map((p) => p.key));
}

/** What a chat turn reads and writes about reports (prepareOnce). */
const statements = prepareOnce((db) => {
  const p = sql.placeholder;
  return {
    reportLinesOfItem: db
      .select(reportLine)
      .from(reports)
      .leftJoin(people, eq(people.id, reports.reporterPersonId))
      .where(and(eq(reports.subjectKey, p("subjectKey")), eq(reports.unitId, p("unitId"))))
      .prepare(),
    revisionBySourceRef: db.select().from(reportRevisions).where(eq(reportRevisions.sourceRef, p("sourceRef"))).prepare(),
    closedPeriodKeys: db.select({ key: periods.key }).from(periods).where(isNotNull(periods.closedAt)).prepare(),
    // The latest value columns are taken from the row offered (SQLite's and PostgreSQL's `excluded`).
    saveLatestRevision: db
      .insert(reports)
      .values({
        subjectKey: p("subjectKey"),
        indicatorId: p("indicatorId"),
        taskId: p("taskId"),
        unitId: p("unitId"),
        periodKey: p("periodKey"),
        revision: p("revision"),
        valueNumber: p("valueNumber"),
        valueText: p("valueText"),
        taskStatus: p("taskStatus"),
        note: p("note"),
        reporterPersonId: p("reporterPersonId"),
        channel: p("channel"),
        createdAt: p("createdAt"),
        updatedAt: p("updatedAt"),
      })
      .onConflictDoUpdate({
        target: [reports.subjectKey, reports.unitId, reports.periodKey],
        set: {
          revision: sql`${reports.revision} + 1`,
          valueNumber: sql`excluded.value_number`,
          valueText: sql`excluded.value_text`,
          taskStatus: sql`excluded.task_status`,
          note: sql`excluded.note`,
          reporterPersonId: sql`excluded.reporter_person_id`,
          channel: sql`excluded.channel`,
          updatedAt: sql`excluded.updated_at`,
          figureStatus: "submitted",
          decidedByPersonId: null,
          decidedAt: null,
          returnReason: null,
        },
      })
      .returning({ id: reports.id, revision: reports.revision })
      .prepare(),
    insertRevision: db
      .insert(reportRevisions)
      .values({
        reportId: p("reportId"),
        revision: p("revision"),
        valueNumber: p("valueNumber"),
        valueText: p("valueText"),
        taskStatus: p("taskStatus"),
        note: p("note"),
        personId: p("personId"),
        channel: p("channel"),
        sourceRef: p("sourceRef"),
        createdAt: p("createdAt"),
      })
      .returning({ id: reportRevisions.id })
      .prepare(),
    auditReport: db
      .insert(auditLog)
      .values({ at: p("at"), actorPersonId: p("actorPersonId"), actor: p("actor"), action: p("action"), entity: "report", entityId: p("entityId"), details: p("details") })
      .prepare(),
  };
});
