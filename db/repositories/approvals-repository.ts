import type { Db } from "../client.ts";
import type { FigureStatus } from "../schema.ts";
import { jsonList, rawArrays, rawRow, rawRows, rawRun } from "./raw-sql.ts";

/**
 * The reads and writes behind approval and the period lock (src/services/approvals.ts): a plan's
 * approval settings, the figures waiting for a head, a figure's decision, and a period's lock row.
 */

export interface PlanApprovalRow {
  id: number;
  key: string;
  number: string;
  approvalRequired: boolean;
  lockAfterDays: number;
}

export interface WaitingLine {
  reportId: number;
  revision: number;
  subjectKey: string;
  planId: number;
  code: string;
  name: string;
  unitOfMeasure: string | null;
  valueKind: "percent" | "count" | "score" | "rank" | "money" | "text";
  unitId: number;
  unitName: string;
  periodKey: string;
  valueNumber: number | null;
  valueText: string | null;
  taskStatus: string | null;
  note: string | null;
  reporterPersonId: number | null;
  reporterName: string | null;
  /** When the latest revision was sent: the wait is counted from here. */
  submittedAt: number;
  evidenceCount: number;
}

export interface FigureDecisionRow {
  reportId: number;
  revision: number;
  subjectKey: string;
  unitId: number;
  periodKey: string;
  figureStatus: FigureStatus;
  returnReason: string | null;
  reporterPersonId: number | null;
  approvalRequired: boolean;
  lockAfterDays: number;
}

const planColumns = "p.id, p.key, p.number, p.approval_required as approvalRequired, p.lock_after_days as lockAfterDays";
type PlanRecord = Omit<PlanApprovalRow, "approvalRequired"> & { approvalRequired: number };
const planKeys = ["id", "key", "number", "approvalRequired", "lockAfterDays"] as const;
const planOf = (p: PlanRecord): PlanApprovalRow => ({ ...p, approvalRequired: p.approvalRequired === 1 });

export async function planApprovalSettings(db: Db): Promise<PlanApprovalRow[]> {
  return (await rawRows<PlanRecord>(db, planKeys, `select ${planColumns} from plans p order by p.id`)).map(planOf);
}

/** The approval settings of the plan an item (subject key "i:12" / "t:3") belongs to. */
export async function planSettingsOfSubject(db: Db, subjectKey: string): Promise<PlanApprovalRow | undefined> {
  const [type, id] = subjectKey.split(":");
  const row = await rawRow<PlanRecord>(
    db,
    planKeys,
    type === "i"
      ? `select ${planColumns} from plans p join indicators i on i.plan_id = p.id where i.id = :id`
      : `select ${planColumns} from plans p join tasks t on t.plan_id = p.id where t.id = :id`,
    { id: Number(id) },
  );
  return row && planOf(row);
}

export async function setPlanApprovalRequired(db: Db, planId: number, on: boolean, now: Date): Promise<void> {
  await rawRun(db, "update plans set approval_required = :on, updated_at = :now where id = :planId", { planId, on: on ? 1 : 0, now: now.getTime() });
}

export async function setPlanLockAfterDays(db: Db, planId: number, days: number, now: Date): Promise<void> {
  await rawRun(db, "update plans set lock_after_days = :days, updated_at = :now where id = :planId", { planId, days, now: now.getTime() });
}

const waitingKeys = [
  "reportId", "revision", "subjectKey", "planId", "code", "name", "unitOfMeasure", "valueKind", "unitId", "unitName", "periodKey", "valueNumber",
  "valueText", "taskStatus", "note", "reporterPersonId", "reporterName", "submittedAt", "evidenceCount",
] as const;

/**
 * Submitted figures of plans with approval on, for these units, oldest first. The read starts from
 * the items of those plans and finds their reports by subject key (the unique index on reports
 * begins with it): with approval off everywhere it reads no report at all, where a scan of every
 * submitted report (a million, when nobody approves) cost the reminder tick seconds.
 */
export async function waitingFigures(db: Db, unitIds: number[] | null): Promise<WaitingLine[]> {
  // With no plan asking for approval nothing can wait: answered from the plans alone. PostgreSQL's planner
  // otherwise started from the submitted reports (all of them, where nobody approves): 1.5 s at a million.
  if (!(await planApprovalSettings(db)).some((p) => p.approvalRequired)) return [];
  return rawRows<WaitingLine>(
    db,
    waitingKeys,
    `
      with items as (
        select 'i:' || i.id as subject_key, i.plan_id, i.code, i.name, i.unit_of_measure, i.value_kind, i.position, 0 as is_task
          from indicators i join plans p on p.id = i.plan_id where p.approval_required = 1
        union all
        select 't:' || t.id, t.plan_id, t.code, t.name, null, 'text', t.position, 1
          from tasks t join plans p on p.id = t.plan_id where p.approval_required = 1
      )
      select r.id as reportId, r.revision, r.subject_key as subjectKey, it.plan_id as planId,
             it.code, it.name, it.unit_of_measure as unitOfMeasure,
             it.value_kind as valueKind, r.unit_id as unitId, u.name as unitName, r.period_key as periodKey, r.value_number as valueNumber,
             r.value_text as valueText, r.task_status as taskStatus, r.note, r.reporter_person_id as reporterPersonId,
             pe.name as reporterName, r.updated_at as submittedAt,
             (select count(*) from evidence e join report_revisions rv on rv.id = e.revision_id
               where rv.report_id = r.id and rv.revision = r.revision) as evidenceCount
        from items it
        join reports r on r.subject_key = it.subject_key
        join units u on u.id = r.unit_id
        left join people pe on pe.id = r.reporter_person_id
       where r.figure_status = 'submitted'${unitIds ? ` and r.unit_id in (${jsonList(db, "unitIds", "integer")})` : ""}
       order by it.plan_id, it.is_task, it.position, u.name, r.period_key, r.id`,
    unitIds ? { unitIds: JSON.stringify(unitIds) } : {},
  );
}

/** The previous period's value of an item for a unit, if reported. */
export async function latestValueBefore(db: Db, subjectKey: string, unitId: number, periodKey: string): Promise<{ periodKey: string; valueNumber: number | null; valueText: string | null } | undefined> {
  return rawRow<{ periodKey: string; valueNumber: number | null; valueText: string | null }>(
    db,
    ["periodKey", "valueNumber", "valueText"],
    `
      select period_key as periodKey, value_number as valueNumber, value_text as valueText from reports
       where subject_key = :subjectKey and unit_id = :unitId and period_key < :periodKey and length(period_key) = length(:periodKey)
       order by period_key desc limit 1`,
    { subjectKey, unitId, periodKey },
  );
}

export async function figureForDecision(db: Db, reportId: number): Promise<FigureDecisionRow | undefined> {
  const row = await rawRow<Omit<FigureDecisionRow, "approvalRequired"> & { approvalRequired: number }>(
    db,
    ["reportId", "revision", "subjectKey", "unitId", "periodKey", "figureStatus", "returnReason", "reporterPersonId", "approvalRequired", "lockAfterDays"],
    `
      select r.id as reportId, r.revision, r.subject_key as subjectKey, r.unit_id as unitId, r.period_key as periodKey,
             r.figure_status as figureStatus, r.return_reason as returnReason, r.reporter_person_id as reporterPersonId,
             p.approval_required as approvalRequired, p.lock_after_days as lockAfterDays
        from reports r
        left join indicators i on i.id = r.indicator_id
        left join tasks t on t.id = r.task_id
        join plans p on p.id = coalesce(i.plan_id, t.plan_id)
       where r.id = :reportId`,
    { reportId },
  );
  return row && { ...row, approvalRequired: row.approvalRequired === 1 };
}

/** Records a head's decision on one revision; false when the figure moved on meanwhile (a newer revision, or already decided). */
export async function decideFigure(db: Db, v: { reportId: number; revision: number; status: "approved" | "returned"; personId: number | null; at: Date; reason: string | null }): Promise<boolean> {
  const changes = await rawRun(
    db,
    `
      update reports set figure_status = :status, decided_by_person_id = :personId, decided_at = :at, return_reason = :reason
       where id = :reportId and revision = :revision and figure_status = 'submitted'`,
    { reportId: v.reportId, revision: v.revision, status: v.status, personId: v.personId, at: v.at.getTime(), reason: v.reason },
  );
  return changes === 1;
}

export async function periodLockRows(db: Db): Promise<Map<string, { closedAt: Date | null; reopenedAt: Date | null }>> {
  const rows = await rawArrays<[string, number | null, number | null]>(db, "select key, closed_at, reopened_at from periods");
  return new Map(rows.map(([key, closedAt, reopenedAt]) => [key, { closedAt: closedAt === null ? null : new Date(closedAt), reopenedAt: reopenedAt === null ? null : new Date(reopenedAt) }]));
}

/** Names of the people who may close and reopen periods (coordinators), for "ask … to unlock". */
export async function coordinatorNames(db: Db): Promise<string[]> {
  const rows = await rawArrays<[string]>(db, "select distinct p.name from people p join person_roles r on r.person_id = p.id where r.role = 'coordinator' order by p.name");
  return rows.map(([name]) => name);
}

/** Audit row for a plan setting or a decision. */
export async function insertAudit(db: Db, v: { at: Date; actorPersonId: number | null; actor: string; action: string; entity: string; entityId: string; details: unknown }): Promise<void> {
  await rawRun(db, "insert into audit_log (at, actor_person_id, actor, action, entity, entity_id, details) values (:at, :actorPersonId, :actor, :action, :entity, :entityId, :details)", {
    ...v,
    at: v.at.getTime(),
    details: JSON.stringify(v.details ?? null),
  });
}
