import type { Db } from "../client.ts";
import type { FigureStatus } from "../schema.ts";
import { prepareOnce } from "./prepare-once.ts";

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

export function planApprovalSettings(db: Db): PlanApprovalRow[] {
  return (statements(db).plans.all() as (Omit<PlanApprovalRow, "approvalRequired"> & { approvalRequired: number })[]).map((p) => ({ ...p, approvalRequired: p.approvalRequired === 1 }));
}

/** The approval settings of the plan an item (subject key "i:12" / "t:3") belongs to. */
export function planSettingsOfSubject(db: Db, subjectKey: string): PlanApprovalRow | undefined {
  const [type, id] = subjectKey.split(":");
  const row = statements(db)[type === "i" ? "planOfIndicator" : "planOfTask"].get({ id: Number(id) }) as (Omit<PlanApprovalRow, "approvalRequired"> & { approvalRequired: number }) | undefined;
  return row && { ...row, approvalRequired: row.approvalRequired === 1 };
}

export function setPlanApprovalRequired(db: Db, planId: number, on: boolean, now: Date): void {
  statements(db).setApproval.run({ planId, on: on ? 1 : 0, now: now.getTime() });
}

export function setPlanLockAfterDays(db: Db, planId: number, days: number, now: Date): void {
  statements(db).setLockDays.run({ planId, days, now: now.getTime() });
}

/** Submitted figures of plans with approval on, for these units, oldest first. */
export function waitingFigures(db: Db, unitIds: number[] | null): WaitingLine[] {
  return statements(db).waiting.all({ unitIds: unitIds ? JSON.stringify(unitIds) : null }) as WaitingLine[];
}

/** The previous period's value of an item for a unit, if reported. */
export function latestValueBefore(db: Db, subjectKey: string, unitId: number, periodKey: string): { periodKey: string; valueNumber: number | null; valueText: string | null } | undefined {
  return statements(db).previous.get({ subjectKey, unitId, periodKey }) as { periodKey: string; valueNumber: number | null; valueText: string | null } | undefined;
}

export function figureForDecision(db: Db, reportId: number): FigureDecisionRow | undefined {
  const row = statements(db).figure.get({ reportId }) as (Omit<FigureDecisionRow, "approvalRequired"> & { approvalRequired: number }) | undefined;
  return row && { ...row, approvalRequired: row.approvalRequired === 1 };
}

/** Records a head's decision on one revision; false when the figure moved on meanwhile (a newer revision, or already decided). */
export function decideFigure(db: Db, v: { reportId: number; revision: number; status: "approved" | "returned"; personId: number | null; at: Date; reason: string | null }): boolean {
  const r = statements(db).decide.run({ reportId: v.reportId, revision: v.revision, status: v.status, personId: v.personId, at: v.at.getTime(), reason: v.reason });
  return r.changes === 1;
}

export function periodLockRows(db: Db): Map<string, { closedAt: Date | null; reopenedAt: Date | null }> {
  const rows = statements(db).periodLocks.all() as { key: string; closedAt: number | null; reopenedAt: number | null }[];
  return new Map(rows.map((r) => [r.key, { closedAt: r.closedAt === null ? null : new Date(r.closedAt), reopenedAt: r.reopenedAt === null ? null : new Date(r.reopenedAt) }]));
}

/** Names of the people who may close and reopen periods (coordinators), for "ask … to unlock". */
export function coordinatorNames(db: Db): string[] {
  return (statements(db).coordinators.all() as { name: string }[]).map((r) => r.name);
}

/** Audit row for a plan setting or a decision. */
export function insertAudit(db: Db, v: { at: Date; actorPersonId: number | null; actor: string; action: string; entity: string; entityId: string; details: unknown }): void {
  statements(db).audit.run({ ...v, at: v.at.getTime(), details: JSON.stringify(v.details ?? null) });
}

const planColumns = "p.id, p.key, p.number, p.approval_required as approvalRequired, p.lock_after_days as lockAfterDays";

const statements = prepareOnce((db) => {
  const c = db.$client;
  return {
    plans: c.prepare(`select ${planColumns} from plans p order by p.id`),
    planOfIndicator: c.prepare(`select ${planColumns} from plans p join indicators i on i.plan_id = p.id where i.id = :id`),
    planOfTask: c.prepare(`select ${planColumns} from plans p join tasks t on t.plan_id = p.id where t.id = :id`),
    setApproval: c.prepare("update plans set approval_required = :on, updated_at = :now where id = :planId"),
    setLockDays: c.prepare("update plans set lock_after_days = :days, updated_at = :now where id = :planId"),
    waiting: c.prepare(`
      select r.id as reportId, r.revision, r.subject_key as subjectKey, coalesce(i.plan_id, t.plan_id) as planId,
             coalesce(i.code, t.code) as code, coalesce(i.name, t.name) as name, i.unit_of_measure as unitOfMeasure,
             coalesce(i.value_kind, 'text') as valueKind, r.unit_id as unitId, u.name as unitName, r.period_key as periodKey, r.value_number as valueNumber,
             r.value_text as valueText, r.task_status as taskStatus, r.note, r.reporter_person_id as reporterPersonId,
             pe.name as reporterName, r.updated_at as submittedAt,
             (select count(*) from evidence e join report_revisions rv on rv.id = e.revision_id
               where rv.report_id = r.id and rv.revision = r.revision) as evidenceCount
        from reports r
        join units u on u.id = r.unit_id
        left join indicators i on i.id = r.indicator_id
        left join tasks t on t.id = r.task_id
        join plans p on p.id = coalesce(i.plan_id, t.plan_id)
        left join people pe on pe.id = r.reporter_person_id
       where r.figure_status = 'submitted' and p.approval_required = 1
         and (:unitIds is null or r.unit_id in (select value from json_each(:unitIds)))
       order by coalesce(i.plan_id, t.plan_id), r.subject_key like 't:%', coalesce(i.position, t.position), u.name, r.period_key, r.id`),
    previous: c.prepare(`
      select period_key as periodKey, value_number as valueNumber, value_text as valueText from reports
       where subject_key = :subjectKey and unit_id = :unitId and period_key < :periodKey and length(period_key) = length(:periodKey)
       order by period_key desc limit 1`),
    figure: c.prepare(`
      select r.id as reportId, r.revision, r.subject_key as subjectKey, r.unit_id as unitId, r.period_key as periodKey,
             r.figure_status as figureStatus, r.return_reason as returnReason, r.reporter_person_id as reporterPersonId,
             p.approval_required as approvalRequired, p.lock_after_days as lockAfterDays
        from reports r
        left join indicators i on i.id = r.indicator_id
        left join tasks t on t.id = r.task_id
        join plans p on p.id = coalesce(i.plan_id, t.plan_id)
       where r.id = :reportId`),
    decide: c.prepare(`
      update reports set figure_status = :status, decided_by_person_id = :personId, decided_at = :at, return_reason = :reason
       where id = :reportId and revision = :revision and figure_status = 'submitted'`),
    periodLocks: c.prepare("select key, closed_at as closedAt, reopened_at as reopenedAt from periods"),
    coordinators: c.prepare(`
      select distinct p.name from people p join person_roles r on r.person_id = p.id
       where r.role = 'coordinator' order by p.name`),
    audit: c.prepare("insert into audit_log (at, actor_person_id, actor, action, entity, entity_id, details) values (:at, :actorPersonId, :actor, :action, :entity, :entityId, :details)"),
  };
});
