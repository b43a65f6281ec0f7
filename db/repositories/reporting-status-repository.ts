import type { Db } from "../client.ts";
import type { AssignmentRole, Frequency } from "../schema.ts";

export type { AssignmentRole };
import { inJsonList, rawArrays, rawRow, rawRows } from "./raw-sql.ts";

/**
 * The reads behind the reporting-status read model (src/services/reporting-status.ts): the items of
 * plans with their reporting assignments, the reports of some periods, the targets. Each is one
 * query however many rows, as plain SQL over the indexes (a province-year is ~50,000 rows).
 */

export interface PlanItemRow {
  subjectKey: string;
  subjectType: "indicator" | "task";
  subjectId: number;
  planId: number;
  position: number;
  code: string;
  printedNumber: string | null;
  sectionCode: string | null;
  sectionTitle: string | null;
  name: string;
  unitOfMeasure: string | null;
  valueKind: string;
  dueAt: number | null;
  /** The plan's approval switch (1 or 0): with it on, only approved figures count. */
  approvalRequired: number;
}

export interface ReportingAssignmentLine {
  assignmentId: number;
  subjectKey: string;
  unitId: number;
  unitName: string;
  role: AssignmentRole;
  frequency: Frequency;
  createdAt: number;
}

/** What the counts of the read model need of a report (reportFactsOfPeriods): who, which period, its value, when first sent, its status. */
export interface PeriodReportFacts {
  subjectKey: string;
  unitId: number;
  periodKey: string;
  valueNumber: number | null;
  valueText: string | null;
  createdAt: number;
  figureStatus: "submitted" | "approved" | "returned";
}

export interface PeriodReportLine extends PeriodReportFacts {
  reportId: number;
  unitName: string;
  revision: number;
  taskStatus: "not_started" | "in_progress" | "done" | "blocked" | null;
  note: string | null;
  reporterName: string | null;
  channel: string;
  updatedAt: number;
  evidenceCount: number;
  evidenceName: string | null;
  evidenceRef: string | null;
  returnReason: string | null;
}

export interface TargetLine {
  indicatorId: number;
  year: number;
  level: string;
  raw: string;
  parsed: string;
}

export interface ItemFilter {
  /** Null: every plan. */
  planId: number | null;
  /** Null: every unit. */
  unitIds: number[] | null;
  /** Only these items ("i:12", "t:3"): a run of the plan read at a time (the exports); absent or null: every item. */
  subjectKeys?: readonly string[] | null;
}

/** Unit and reporter names, read once per read of the model (a chunked read shares them across its chunks). */
export interface StatusNames {
  units: Map<number, string>;
  people: Map<number, string>;
}

export async function statusNames(db: Db): Promise<StatusNames> {
  return { units: await unitNames(db), people: new Map(await rawArrays<[number, string]>(db, "select id, name from people")) };
}

/** The six frequencies at most, as separate parameters (portable: no JSON table function). */
const frequencySlots = ["f0", "f1", "f2", "f3", "f4", "f5"] as const;

/** Indicators then tasks of the plans, each in document order. */
export async function planItemsOf(db: Db, planId: number | null): Promise<PlanItemRow[]> {
  const byPlan = planId !== null;
  return rawRows<PlanItemRow>(
    db,
    ["subjectKey", "subjectType", "subjectId", "planId", "position", "code", "printedNumber", "sectionCode", "sectionTitle", "name", "unitOfMeasure", "valueKind", "dueAt", "approvalRequired"],
    `
      select 'i:' || id as subjectKey, 'indicator' as subjectType, id as subjectId, plan_id as planId, position, code,
             printed_number as printedNumber, section_code as sectionCode, section_title as sectionTitle, name,
             unit_of_measure as unitOfMeasure, value_kind as valueKind, due_at as dueAt,
             (select approval_required from plans p where p.id = plan_id) as approvalRequired
        from indicators${byPlan ? " where plan_id = :planId" : ""}
      union all
      select 't:' || id, 'task', id, plan_id, position, code, printed_number, section_code, section_title, name,
             null, 'text', due_at, (select approval_required from plans p where p.id = plan_id)
        from tasks${byPlan ? " where plan_id = :planId" : ""}
      order by planId, subjectType, position`,
    byPlan ? { planId } : {},
  );
}

const planJoins = (alias: string) => `
        left join indicators i on i.id = ${alias}.indicator_id
        left join tasks t on t.id = ${alias}.task_id`;
const planWhere = " and coalesce(i.plan_id, t.plan_id) = :planId";
const unitWhere = (db: Db, alias: string) => ` and ${inJsonList(db, `${alias}.unit_id`, "unitIds", "integer")}`;
const subjectWhere = (db: Db, alias: string) => ` and ${inJsonList(db, `${alias}.subject_key`, "subjectKeys", "text")}`;

/**
 * Active lead / coordinating / implementing assignments of the plans' items (filtered by unit and,
 * when given, by frequency: a month's read needs only the monthly and one-off ones). One SQL text
 * per combination of filters: a filter written as `(:planId is null or …)` is decided only when the
 * statement runs, so the plan joined indicators and tasks for every row even without a plan filter.
 */
export async function reportingAssignmentsOf(db: Db, f: ItemFilter & { frequencies?: readonly Frequency[] | null }, names?: StatusNames): Promise<ReportingAssignmentLine[]> {
  if (f.frequencies && f.frequencies.length > frequencySlots.length) throw new Error("reportingAssignmentsOf: too many frequencies");
  const params: Record<string, unknown> = filterParams(f);
  if (f.frequencies) frequencySlots.forEach((slot, n) => (params[slot] = f.frequencies![n] ?? null));
  const byPlan = f.planId !== null;
  const unitName = names?.units ?? (await unitNames(db));
  // Rows as arrays, made into objects here.
  const rows = await rawArrays<[number, string, number, AssignmentRole, Frequency, number]>(
    db,
    `
      select a.id, a.subject_key, a.unit_id, a.role, a.frequency, a.created_at
        from assignments a${byPlan ? planJoins("a") : ""}
       where a.removed_at is null and exists (select 1 from units u where u.id = a.unit_id) and a.role in ('lead', 'coordinating', 'implementing')${byPlan ? planWhere : ""}${f.unitIds !== null ? unitWhere(db, "a") : ""}${f.subjectKeys ? subjectWhere(db, "a") : ""}${
         f.frequencies ? " and a.frequency in (:f0, :f1, :f2, :f3, :f4, :f5)" : ""
       }
       order by a.id`,
    params,
  );
  return rows.map(([assignmentId, subjectKey, unitId, role, frequency, createdAt]) => ({ assignmentId, subjectKey, unitId, unitName: unitName.get(unitId)!, role, frequency, createdAt }));
}

/** The reports of these periods (filtered by plan and unit), with who sent the latest revision and its evidence. */
export async function reportsOfPeriods(db: Db, periodKeys: string[], f: ItemFilter, names?: StatusNames): Promise<PeriodReportLine[]> {
  if (periodKeys.length === 0) return [];
  const params = { periodKeys: JSON.stringify(periodKeys), ...filterParams(f) };
  const byPlan = f.planId !== null;
  const filters = `${byPlan ? planWhere : ""}${f.unitIds !== null ? unitWhere(db, "r") : ""}${f.subjectKeys ? subjectWhere(db, "r") : ""}`;
  // Evidence is rare: one grouped query beside the reports, not three subqueries per report.
  const evidenceRows = await rawArrays<[number, number, string | null, string | null]>(
    db,
    `
      select rv.report_id as reportId, count(*) as count,
             (select coalesce(e2.file_name, e2.kind) from evidence e2 join report_revisions rv2 on rv2.id = e2.revision_id
               where rv2.report_id = rv.report_id order by rv2.revision desc, e2.id limit 1) as name,
             (select coalesce(e2.local_path, e2.channel || ':' || e2.file_id) from evidence e2 join report_revisions rv2 on rv2.id = e2.revision_id
               where rv2.report_id = rv.report_id order by rv2.revision desc, e2.id limit 1) as ref
        from evidence e
        join report_revisions rv on rv.id = e.revision_id
        join reports r on r.id = rv.report_id${byPlan ? planJoins("r") : ""}
       where ${inJsonList(db, "r.period_key", "periodKeys", "text")}${filters}
       group by rv.report_id`,
    params,
  );
  const evidence = new Map(evidenceRows.map(([reportId, count, name, ref]) => [reportId, { count: Number(count), name, ref }]));
  // Unit and reporter names come from one read of each table: one string per unit, not one per row.
  const { units: unitName, people: personName } = names ?? (await statusNames(db));
  const rows = await rawArrays<ReportTuple>(
    db,
    `
      select r.id, r.subject_key, r.unit_id, r.period_key, r.revision, r.value_number, r.value_text, r.task_status, r.note,
             r.reporter_person_id, r.channel, r.created_at, r.updated_at, r.figure_status, r.return_reason
        from reports r${byPlan ? planJoins("r") : ""}
       where ${inJsonList(db, "r.period_key", "periodKeys", "text")} and exists (select 1 from units u where u.id = r.unit_id)${filters}`,
    params,
  );
  return rows.map(([reportId, subjectKey, unitId, periodKey, revision, valueNumber, valueText, taskStatus, note, reporterId, channel, createdAt, updatedAt, figureStatus, returnReason]) => {
    const e = evidence.get(reportId);
    return {
      reportId,
      subjectKey,
      unitId,
      unitName: unitName.get(unitId)!,
      periodKey,
      revision,
      valueNumber,
      valueText,
      taskStatus,
      note,
      reporterName: reporterId === null ? null : (personName.get(reporterId) ?? null),
      channel,
      createdAt,
      updatedAt,
      evidenceCount: e?.count ?? 0,
      evidenceName: e?.name ?? null,
      evidenceRef: e?.ref ?? null,
      figureStatus,
      returnReason,
    };
  });
}

/**
 * The reports of these periods with only what the counts need (a summary by unit): no names, no
 * evidence, no note — a third of reportsOfPeriods's values per row and one statement instead of two.
 */
export async function reportFactsOfPeriods(db: Db, periodKeys: string[], f: ItemFilter): Promise<PeriodReportFacts[]> {
  if (periodKeys.length === 0) return [];
  const byPlan = f.planId !== null;
  const rows = await rawArrays<[string, number, string, number | null, string | null, number, PeriodReportFacts["figureStatus"]]>(
    db,
    `
      select r.subject_key, r.unit_id, r.period_key, r.value_number, r.value_text, r.created_at, r.figure_status
        from reports r${byPlan ? planJoins("r") : ""}
       where ${inJsonList(db, "r.period_key", "periodKeys", "text")} and exists (select 1 from units u where u.id = r.unit_id)${byPlan ? planWhere : ""}${f.unitIds !== null ? unitWhere(db, "r") : ""}${f.subjectKeys ? subjectWhere(db, "r") : ""}`,
    { periodKeys: JSON.stringify(periodKeys), ...filterParams(f) },
  );
  return rows.map(([subjectKey, unitId, periodKey, valueNumber, valueText, createdAt, figureStatus]) => ({ subjectKey, unitId, periodKey, valueNumber, valueText, createdAt, figureStatus }));
}

type ReportTuple = [
  number, string, number, string, number, number | null, string | null, PeriodReportLine["taskStatus"], string | null, number | null, string, number, number,
  PeriodReportLine["figureStatus"], string | null,
];

async function unitNames(db: Db): Promise<Map<number, string>> {
  return new Map(await rawArrays<[number, string]>(db, "select id, name from units"));
}

export async function targetsOfPlan(db: Db, planId: number | null): Promise<TargetLine[]> {
  return rawRows<TargetLine>(
    db,
    ["indicatorId", "year", "level", "raw", "parsed"],
    `
      select t.indicator_id as indicatorId, t.year, t.level, t.raw, t.parsed
        from targets t join indicators i on i.id = t.indicator_id${planId !== null ? " where i.plan_id = :planId" : ""}
       order by t.indicator_id, t.year, t.level`,
    planId !== null ? { planId } : {},
  );
}

/** Only the parameters the statement variant uses. */
function filterParams(f: ItemFilter): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (f.planId !== null) params.planId = f.planId;
  if (f.unitIds !== null) params.unitIds = JSON.stringify(f.unitIds);
  if (f.subjectKeys) params.subjectKeys = JSON.stringify(f.subjectKeys);
  return params;
}

export interface RevisionLine {
  revision: number;
  valueNumber: number | null;
  valueText: string | null;
  taskStatus: string | null;
  note: string | null;
  personName: string | null;
  channel: string;
  createdAt: number;
  evidence: { kind: string; fileName: string | null; mimeType: string | null; ref: string }[];
}

/** A report's identity and its append-only history, oldest first; undefined when there is no such report. */
export async function reportHistory(db: Db, reportId: number): Promise<{ report: { id: number; subjectKey: string; unitId: number; unitName: string; periodKey: string }; revisions: RevisionLine[] } | undefined> {
  const report = await rawRow<{ id: number; subjectKey: string; unitId: number; unitName: string; periodKey: string }>(
    db,
    ["id", "subjectKey", "unitId", "unitName", "periodKey"],
    "select r.id, r.subject_key as subjectKey, r.unit_id as unitId, u.name as unitName, r.period_key as periodKey from reports r join units u on u.id = r.unit_id where r.id = :reportId",
    { reportId },
  );
  if (!report) return undefined;
  const revisions = await rawRows<Omit<RevisionLine, "evidence"> & { id: number }>(
    db,
    ["id", "revision", "valueNumber", "valueText", "taskStatus", "note", "personName", "channel", "createdAt"],
    `select rv.id, rv.revision, rv.value_number as valueNumber, rv.value_text as valueText, rv.task_status as taskStatus, rv.note,
            p.name as personName, rv.channel, rv.created_at as createdAt
       from report_revisions rv left join people p on p.id = rv.person_id where rv.report_id = :reportId order by rv.revision`,
    { reportId },
  );
  const evidence = await rawRows<{ revisionId: number; kind: string; fileName: string | null; mimeType: string | null; ref: string }>(
    db,
    ["revisionId", "kind", "fileName", "mimeType", "ref"],
    `select e.revision_id as revisionId, e.kind, e.file_name as fileName, e.mime_type as mimeType, coalesce(e.local_path, e.channel || ':' || e.file_id) as ref
       from evidence e join report_revisions rv on rv.id = e.revision_id where rv.report_id = :reportId order by e.id`,
    { reportId },
  );
  return {
    report,
    revisions: revisions.map(({ id, ...r }) => ({ ...r, evidence: evidence.filter((e) => e.revisionId === id).map(({ revisionId: _, ...e }) => e) })),
  };
}
