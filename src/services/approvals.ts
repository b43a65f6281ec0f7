import { inTransaction, type Db } from "../../db/client.ts";
import {
  coordinatorNames,
  decideFigure,
  figureForDecision,
  insertAudit,
  latestValueBefore,
  periodLockRows,
  planApprovalSettings,
  planSettingsOfSubject,
  setPlanApprovalRequired,
  setPlanLockAfterDays,
  waitingFigures,
  type PlanApprovalRow,
  type WaitingLine,
} from "../../db/repositories/approvals-repository.ts";
import { indicatorTargets } from "../../db/repositories/catalogue-repository.ts";
import { auditReport } from "../../db/repositories/reports-repository.ts";
import { subjectPlans } from "../../db/repositories/unit-setup-repository.ts";
import { dueAtOfPeriodKey, isLocked } from "../domain/figure-counts.ts";
import { targetForYear } from "../domain/reporting-status.ts";
import { findPlan } from "./manage-plans.ts";
import { listPeriods } from "./periods.ts";
import { lockAt } from "../domain/figure-counts.ts";
import { toVnParts } from "../domain/vn-time.ts";
import { periodRulesKey } from "../domain/due-rules.ts";
import type { PeriodRules } from "../domain/reporting-period.ts";
import { dueRulesCheck } from "./due-rules.ts";
import { parseSubjectKey } from "../domain/subject-key.ts";
import { catalogueCache } from "./catalogue-cache.ts";

/**
 * Approval and the period lock, as use cases for the chat, the CLI and the console: list the
 * figures waiting for a unit head, approve one or all shown, return one with a reason; turn
 * approval on or off per plan and set its lock cutoff; close and reopen periods (periods.ts).
 * Every decision is checked against the revision the head saw, so an old button changes nothing,
 * and leaves an audit row (who, when).
 */
export { closePeriod, reopenPeriod, listPeriods, PeriodError } from "./periods.ts";

export interface Actor {
  personId: number | null;
  /** A person's name, or the tool ("cli", "console"). */
  name: string;
}

/** A waiting figure as shown to a head: the repository's line, with its target, previous value and when it was sent. */
export interface WaitingFigure extends Omit<WaitingLine, "planId" | "reporterPersonId" | "submittedAt"> {
  submittedAt: Date;
  target: string | null;
  previous: { periodKey: string; value: number | string | null } | null;
}

/** The figures of plans with approval on that wait for a decision, for these units (null: all), oldest item order first. */
export async function listWaitingFigures(db: Db, unitIds: number[] | null): Promise<WaitingFigure[]> {
  return (await Promise.all((await waitingFigures(db, unitIds)).map(async (w) => {
    const year = Number(w.periodKey.slice(0, 4));
    const subject = parseSubjectKey(w.subjectKey);
    const target = subject?.type === "indicator" ? targetForYear(await indicatorTargets(db, subject.id), year) : undefined;
    const prev = await latestValueBefore(db, w.subjectKey, w.unitId, w.periodKey);
    return {
      reportId: w.reportId,
      revision: w.revision,
      subjectKey: w.subjectKey,
      code: w.code,
      name: w.name,
      unitOfMeasure: w.unitOfMeasure,
      valueKind: w.valueKind,
      unitId: w.unitId,
      unitName: w.unitName,
      periodKey: w.periodKey,
      valueNumber: w.valueNumber,
      valueText: w.valueText,
      taskStatus: w.taskStatus,
      note: w.note,
      reporterName: w.reporterName,
      submittedAt: new Date(w.submittedAt),
      evidenceCount: w.evidenceCount,
      target: target?.raw ?? null,
      previous: prev ? { periodKey: prev.periodKey, value: prev.valueNumber ?? prev.valueText } : null,
    };
  })));
}

export type DecisionOutcome =
  | { status: "approved" | "returned"; reportId: number; reporterPersonId: number | null; periodKey: string; subjectKey: string; unitId: number }
  /** The figure changed since it was shown (corrected, or decided by someone else): nothing done. */
  | { status: "stale" }
  | { status: "not_found" | "not_allowed" | "locked" | "approval_off" };

export interface Decision {
  reportId: number;
  /** The revision the head saw. */
  revision: number;
  actor: Actor;
  /** The units the actor answers for; null for the CLI and console (every unit). */
  unitIds: number[] | null;
  now: Date;
}

export async function approveFigure(db: Db, d: Decision): Promise<DecisionOutcome> {
  return await decide(db, d, "approved", null);
}

/** Returns a figure to its sender with a reason; a correction sends it back to the head. */
export async function returnFigure(db: Db, d: Decision & { reason: string }): Promise<DecisionOutcome> {
  return await decide(db, d, "returned", d.reason.trim());
}

/** Approves every figure shown (each at the revision shown): how many were approved, how many had moved on. */
export async function approveAllShown(db: Db, d: Omit<Decision, "reportId" | "revision"> & { figures: { reportId: number; revision: number }[] }): Promise<{ approved: number; skipped: number }> {
  return await inTransaction(db, async () => {
    let approved = 0;
    for (const f of d.figures) if ((await approveFigure(db, { ...d, ...f })).status === "approved") approved += 1;
    return { approved, skipped: d.figures.length - approved };
  });
}

async function decide(db: Db, d: Decision, status: "approved" | "returned", reason: string | null): Promise<DecisionOutcome> {
  return await inTransaction(db, async () => {
    const f = await figureForDecision(db, d.reportId);
    if (!f) return { status: "not_found" };
    if (d.unitIds && !d.unitIds.includes(f.unitId)) return { status: "not_allowed" };
    if (!f.approvalRequired) return { status: "approval_off" };
    if (f.revision !== d.revision || f.figureStatus !== "submitted") return { status: "stale" };
    if (isLocked((await periodLockRows(db)).get(f.periodKey), (await dueRulesCheck(db)).dueAtOf(f.subjectKey, f.periodKey), f, d.now)) return { status: "locked" };
    if (!await decideFigure(db, { reportId: f.reportId, revision: f.revision, status, personId: d.actor.personId, at: d.now, reason })) return { status: "stale" };
    await auditReport(db, {
      at: d.now,
      actorPersonId: d.actor.personId,
      actor: d.actor.name,
      action: status === "approved" ? "report.approve" : "report.return",
      reportId: f.reportId,
      details: { revision: f.revision, periodKey: f.periodKey, ...(reason ? { reason } : {}) },
    });
    return { status, reportId: f.reportId, reporterPersonId: f.reporterPersonId, periodKey: f.periodKey, subjectKey: f.subjectKey, unitId: f.unitId };
  });
}

export class PlanSettingError extends Error {
  override name = "PlanSettingError";
}

/** Turns approval on or off for a plan (its number or key). */
export async function setPlanApproval(db: Db, planRef: string, on: boolean, actor: Actor, now: Date): Promise<PlanApprovalRow> {
  return await changePlan(db, planRef, actor, now, "plan.approval", { on }, (id) => setPlanApprovalRequired(db, id, on, now));
}

/** Sets after how many days past a period's deadline the plan's figures lock (0–365). */
export async function setPlanLockDays(db: Db, planRef: string, days: number, actor: Actor, now: Date): Promise<PlanApprovalRow> {
  if (!Number.isInteger(days) || days < 0 || days > 365) throw new PlanSettingError(`lock days must be a whole number from 0 to 365, not ${days}`);
  return await changePlan(db, planRef, actor, now, "plan.lock_days", { days }, (id) => setPlanLockAfterDays(db, id, days, now));
}

async function changePlan(db: Db, planRef: string, actor: Actor, now: Date, action: string, details: unknown, apply: (planId: number) => Promise<void>): Promise<PlanApprovalRow> {
  const plan = await findPlan(db, planRef);
  if (!plan) throw new PlanSettingError(`no plan "${planRef}"`);
  return await inTransaction(db, async () => {
    await apply(plan.id);
    await insertAudit(db, { at: now, actorPersonId: actor.personId, actor: actor.name, action, entity: "plan", entityId: String(plan.id), details });
    return (await planApprovalSettings(db)).find((p) => p.id === plan.id)!;
  });
}

export { planApprovalSettings };

/** Whether chat may no longer change this (item, period) at `now`: closed, or past its plan's cutoff. */
export async function isFigureLocked(db: Db, subjectKey: string, periodKey: string, now: Date): Promise<boolean> {
  return (await lockCheck(db, now))(subjectKey, periodKey, (await dueRulesCheck(db)).dueAtOf(subjectKey, periodKey));
}

/**
 * A lock test for one turn or one job run: the period rows and plan settings are read once, each
 * item's plan at most once.
 */
export async function lockCheck(db: Db, now: Date): Promise<(subjectKey: string, periodKey: string, dueAt: Date | null) => Promise<boolean>> {
  const [rows, anyApproval] = await Promise.all([periodLocks(db), anyPlanAsksApproval(db)]);
  const plans = new Map<string, PlanApprovalRow | undefined>();
  return async (subjectKey, periodKey, dueAt) => {
    const row = rows.get(periodKey);
    if (row?.closedAt) return true;
    if (!anyApproval) return false;
    if (!plans.has(subjectKey)) plans.set(subjectKey, await planSettingsOfSubject(db, subjectKey));
    const plan = plans.get(subjectKey);
    return plan ? isLocked(row, dueAt, plan, now) : false;
  };
}

/** Whether an item's plan asks for approval, read once per plan-item for a turn or a job run. */
export async function approvalRequiredCheck(db: Db): Promise<(subjectKey: string) => Promise<boolean>> {
  const anyApproval = await anyPlanAsksApproval(db);
  const memo = new Map<string, boolean>();
  return async (subjectKey) => {
    if (!anyApproval) return false;
    let on = memo.get(subjectKey);
    if (on === undefined) memo.set(subjectKey, (on = (await planSettingsOfSubject(db, subjectKey))?.approvalRequired ?? false));
    return on;
  };
}

/**
 * The lock test for a job that looks at every item (the reminder tick): the period rows, the plan
 * settings and which item belongs to which plan asking for approval are read up front, in three
 * queries whatever the number of items, and the answer is then synchronous. Same answers as lockCheck.
 */
export async function lockCheckOfEveryItem(db: Db, now: Date): Promise<EveryItemLock> {
  const rows = await periodLockRows(db);
  const approvalPlans = (await planApprovalSettings(db)).filter((p) => p.approvalRequired);
  const planOf = approvalPlans.length ? await subjectPlans(db, approvalPlans.map((p) => p.id)) : new Map<string, number>();
  const plans = new Map(approvalPlans.map((p) => [p.id, p]));
  const planFor = (subjectKey: string) => {
    const planId = planOf.get(subjectKey);
    return planId === undefined ? undefined : plans.get(planId);
  };
  return {
    locked: (subjectKey, periodKey, dueAt) => {
      const row = rows.get(periodKey);
      if (row?.closedAt) return true;
      const plan = planFor(subjectKey);
      return plan ? isLocked(row, dueAt, plan, now) : false;
    },
    locksAt: (subjectKey, periodKey, dueAt) => {
      const row = rows.get(periodKey);
      const plan = planFor(subjectKey);
      if (row?.closedAt || row?.reopenedAt || !plan || !dueAt) return null;
      return lockAt(dueAt, plan.lockAfterDays);
    },
  };
}

export interface EveryItemLock {
  /** Whether nothing can be reported for this item and period any more (closed, or past its plan's cutoff). */
  locked: (subjectKey: string, periodKey: string, dueAt: Date | null) => boolean;
  /** When the cutoff lock takes it, if it can (a plan with approval on, a period neither closed nor reopened); else null. */
  locksAt: (subjectKey: string, periodKey: string, dueAt: Date | null) => Date | null;
}

/** Who can unlock a period, by name (the coordinators), for the refusal message. */
export async function unlockers(db: Db): Promise<string[]> {
  return await coordinatorNames(db);
}

/**
 * The periods a coordinator may close or reopen from chat: those that have begun, newest first,
 * each locked when closed, or when it is past the cutoff of a plan with approval on and was not
 * reopened since. Plans (and items) may have deadlines of their own: a period counts as locked by
 * the cutoff once the earliest lock among the approval plans' items has passed.
 */
export async function lockablePeriods(db: Db, now: Date): Promise<{ key: string; locked: boolean }[]> {
  const rows = await periodLockRows(db);
  const approvalPlans = (await planApprovalSettings(db)).filter((p) => p.approvalRequired);
  const due = await dueRulesCheck(db);
  const planOf = approvalPlans.length ? await subjectPlans(db, approvalPlans.map((p) => p.id)) : new Map<string, number>();
  const cutoffDays = new Map(approvalPlans.map((p) => [p.id, p.lockAfterDays]));
  // Each distinct (rules, cutoff) once: a province has a handful, however many items.
  const cutoffs = new Map<string, { rules: PeriodRules; days: number }>();
  for (const p of approvalPlans) cutoffs.set(`${periodRulesKey(due.ofPlan(p.id).rules)}|${p.lockAfterDays}`, { rules: due.ofPlan(p.id).rules, days: p.lockAfterDays });
  for (const [subjectKey, planId] of planOf) {
    const rules = due.of(subjectKey);
    const days = cutoffDays.get(planId)!;
    cutoffs.set(`${periodRulesKey(rules)}|${days}`, { rules, days });
  }
  const earliestLock = (key: string): number | null => {
    let at: number | null = null;
    for (const c of cutoffs.values()) {
      const d = dueAtOfPeriodKey(key, c.rules);
      if (d !== null) at = Math.min(at ?? Infinity, lockAt(d, c.days).getTime());
    }
    return at;
  };
  const p = toVnParts(now);
  const today = `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
  // A one-off item's "once" is no period anyone closes: its figures lock with nothing but the item.
  return (await listPeriods(db, now))
    .filter((x) => x.startsOn <= today && x.kind !== "one_off")
    .map((x) => {
      const row = rows.get(x.key);
      const locksAt = earliestLock(x.key);
      const byCutoff = locksAt !== null && !row?.reopenedAt && now.getTime() >= locksAt;
      return { key: x.key, locked: !!row?.closedAt || byCutoff };
    });
}

const approvalAnywhere = catalogueCache<boolean>();
const keptPeriodLocks = catalogueCache<Awaited<ReturnType<typeof periodLockRows>>>();

/** The periods' closings and reopenings: the catalogue's stamp watches periods, so kept until one is closed or reopened. */
async function periodLocks(db: Db): Promise<Awaited<ReturnType<typeof periodLockRows>>> {
  return await keptPeriodLocks(db, "all", async () => await periodLockRows(db));
}

/**
 * Whether any plan asks for approval: asked by every chat turn that shows periods (twice, for the
 * lock and the approval column), and kept across turns until the catalogue's stamp changes (a plan's
 * settings are part of it), so a turn reads no plan row for it.
 */
async function anyPlanAsksApproval(db: Db): Promise<boolean> {
  return await approvalAnywhere(db, "any", async () => (await planApprovalSettings(db)).some((p) => p.approvalRequired));
}
