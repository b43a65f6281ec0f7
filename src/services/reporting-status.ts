import type { Db } from "../../db/client.ts";
import {
  planItemsOf,
  reportingAssignmentsOf,
  reportsOfPeriods,
  targetsOfPlan,
  type AssignmentRole,
  type PeriodReportLine,
  type PlanItemRow,
  type ReportingAssignmentLine,
} from "../../db/repositories/reporting-status-repository.ts";
import {
  achievementLabel,
  achievementOf,
  isExpected,
  periodsInside,
  reportingState,
  targetForYear,
  type AchievementLabel,
  type ReportingState,
} from "../domain/reporting-status.ts";
import { countsAsReported, countsAsSubmitted, isOnTime, type FigureStatus } from "../domain/figure-counts.ts";
import type { Frequency } from "../domain/frequency.ts";
import { defaultPeriodRules, type PeriodRules, type ReportingPeriod } from "../domain/reporting-period.ts";
import type { Achievement, Target } from "../domain/types.ts";

const vietnamese = new Intl.Collator("vi");

/** One (item, unit, period) as every output sees it. */
export interface StatusRow {
  subjectKey: string;
  subjectType: "indicator" | "task";
  subjectId: number;
  planId: number;
  code: string;
  printedNumber: string | null;
  name: string;
  unitOfMeasure: string | null;
  unitId: number;
  unitName: string;
  /** Null when a unit reported an item it is not (or no longer) assigned. */
  role: AssignmentRole | null;
  frequency: Frequency | null;
  periodKey: string;
  dueAt: Date;
  expected: boolean;
  state: ReportingState;
  /** The plan asks for approval: only approved figures count as reported. */
  approvalRequired: boolean;
  /** Sent and not returned ("đã nộp"), approved or not. */
  submitted: boolean;
  /** Counts as reported (src/domain/figure-counts.ts): sent, and approved when the plan asks for it ("đã duyệt"). */
  reported: boolean;
  figureStatus: FigureStatus | null;
  returnReason: string | null;
  /** Null while not reported. */
  onTime: boolean | null;
  report: {
    id: number;
    valueNumber: number | null;
    valueText: string | null;
    taskStatus: PeriodReportLine["taskStatus"];
    note: string | null;
    reporterName: string | null;
    channel: string;
    firstAt: Date;
    at: Date;
    revisions: number;
    evidence: { count: number; name: string | null; ref: string | null };
  } | null;
  target: { year: number; raw: string; parsed: Target } | null;
  achievement: Achievement | null;
  achievementLabel: AchievementLabel;
}

export interface StatusQuery {
  /** "2026-11", "2026-Q4", "2026", "once": rows for every reporting period inside it. */
  periodKey: string;
  planId?: number | null;
  unitIds?: number[] | null;
  now: Date;
  rules?: PeriodRules;
}

/**
 * The read model of reporting status: for each item of the plans and each unit that reports it,
 * every reporting period inside the requested one — expected or not, reported or not, on time or
 * late, the latest value with its achievement against that year's target, the revision count.
 * Reports from units without an assignment are kept too (expected = false). Rows come in document
 * order (plan, indicators then tasks by position), then unit name, then period.
 */
export function reportingStatus(db: Db, q: StatusQuery): StatusRow[] {
  const filter = { planId: q.planId ?? null, unitIds: q.unitIds ?? null };
  const rules = q.rules ?? defaultPeriodRules;
  const items = planItemsOf(db, filter.planId);
  const itemByKey = new Map(items.map((i) => [i.subjectKey, i]));
  const assignments = bestRolePerUnit(reportingAssignmentsOf(db, filter).filter((a) => itemByKey.has(a.subjectKey)));
  const targets = targetsByIndicator(db, filter.planId);

  const periodMemo = new Map<string, ReportingPeriod[]>();
  const periodsOf = (frequency: Frequency, dueAt: number | null) => {
    const key = `${frequency}|${dueAt ?? ""}`;
    let hit = periodMemo.get(key);
    if (!hit) periodMemo.set(key, (hit = periodsInside(frequency, q.periodKey, dueAt === null ? null : new Date(dueAt), rules)));
    return hit;
  };

  const wanted: { item: PlanItemRow; a: ReportingAssignmentLine; period: ReportingPeriod }[] = [];
  const periodKeys = new Set<string>();
  for (const a of assignments) {
    const item = itemByKey.get(a.subjectKey)!;
    for (const period of periodsOf(a.frequency, item.dueAt)) {
      wanted.push({ item, a, period });
      periodKeys.add(period.key);
    }
  }
  // Reports of the requested period's own key come too, even from units not assigned.
  periodKeys.add(q.periodKey);
  const reports = new Map<string, PeriodReportLine>();
  for (const r of reportsOfPeriods(db, [...periodKeys], filter)) reports.set(`${r.subjectKey}|${r.unitId}|${r.periodKey}`, r);

  const rows: StatusRow[] = [];
  const seen = new Set<string>();
  for (const { item, a, period } of wanted) {
    const key = `${item.subjectKey}|${a.unitId}|${period.key}`;
    seen.add(key);
    rows.push(statusRow(item, { unitId: a.unitId, unitName: a.unitName, role: a.role, frequency: a.frequency }, period, isExpected(period, new Date(a.createdAt)), reports.get(key) ?? null, targets, q.now));
  }
  for (const [key, r] of reports) {
    const item = itemByKey.get(r.subjectKey);
    if (seen.has(key) || !item) continue;
    const period = { key: r.periodKey, dueAt: periodsInside("monthly", r.periodKey, null, rules)[0]?.dueAt ?? new Date(8.64e15) } as ReportingPeriod;
    rows.push(statusRow(item, { unitId: r.unitId, unitName: r.unitName, role: null, frequency: null }, period, false, r, targets, q.now));
  }
  // Sorting compares numbers only: each item's and unit's rank is worked out once (a collator per comparison is slow at 50,000 rows).
  const order = new Map(items.map((i, n) => [i.subjectKey, n]));
  const unitNames = [...new Map(rows.map((r) => [r.unitId, r.unitName]))].sort((a, b) => vietnamese.compare(a[1], b[1]) || a[0] - b[0]);
  const unitRank = new Map(unitNames.map(([id], n) => [id, n]));
  return rows.sort(
    (x, y) => order.get(x.subjectKey)! - order.get(y.subjectKey)! || unitRank.get(x.unitId)! - unitRank.get(y.unitId)! || (x.periodKey < y.periodKey ? -1 : x.periodKey > y.periodKey ? 1 : 0),
  );
}

function statusRow(
  item: PlanItemRow,
  unit: { unitId: number; unitName: string; role: AssignmentRole | null; frequency: Frequency | null },
  period: Pick<ReportingPeriod, "key" | "dueAt">,
  expected: boolean,
  r: PeriodReportLine | null,
  targets: Map<number, { year: number; raw: string; parsed: Target }[]>,
  now: Date,
): StatusRow {
  const year = Number(period.key.slice(0, 4)) || new Date(period.dueAt).getUTCFullYear();
  const target = item.subjectType === "indicator" ? (targetForYear(targets.get(item.subjectId) ?? [], year) ?? null) : null;
  const firstAt = r ? new Date(r.createdAt) : null;
  const value = r ? (r.valueNumber ?? r.valueText) : null;
  const a = achievementOf(target?.parsed, value);
  return {
    subjectKey: item.subjectKey,
    subjectType: item.subjectType,
    subjectId: item.subjectId,
    planId: item.planId,
    code: item.code,
    printedNumber: item.printedNumber,
    name: item.name,
    unitOfMeasure: item.unitOfMeasure,
    unitId: unit.unitId,
    unitName: unit.unitName,
    role: unit.role,
    frequency: unit.frequency,
    periodKey: period.key,
    dueAt: period.dueAt,
    expected,
    state: reportingState(period, now, firstAt),
    approvalRequired: item.approvalRequired === 1,
    submitted: countsAsSubmitted(r),
    reported: countsAsReported(r, item.approvalRequired === 1),
    figureStatus: r?.figureStatus ?? null,
    returnReason: r?.returnReason ?? null,
    onTime: firstAt ? isOnTime(firstAt, period.dueAt) : null,
    report: r && {
      id: r.reportId,
      valueNumber: r.valueNumber,
      valueText: r.valueText,
      taskStatus: r.taskStatus,
      note: r.note,
      reporterName: r.reporterName,
      channel: r.channel,
      firstAt: firstAt!,
      at: new Date(r.updatedAt),
      revisions: r.revision,
      evidence: { count: r.evidenceCount, name: r.evidenceName, ref: r.evidenceRef },
    },
    target,
    achievement: a,
    achievementLabel: achievementLabel(a),
  };
}

/** A unit named as lead and also inside a coordinating group reports the item once, as lead. */
function bestRolePerUnit(rows: ReportingAssignmentLine[]): ReportingAssignmentLine[] {
  const strength: Record<AssignmentRole, number> = { lead: 0, coordinating: 1, implementing: 2, monitoring: 3 };
  const best = new Map<string, ReportingAssignmentLine>();
  for (const r of rows) {
    const key = `${r.subjectKey}|${r.unitId}`;
    const seen = best.get(key);
    if (!seen || strength[r.role] < strength[seen.role]) best.set(key, r);
  }
  return [...best.values()];
}

function targetsByIndicator(db: Db, planId: number | null): Map<number, { year: number; raw: string; parsed: Target }[]> {
  const out = new Map<number, { year: number; raw: string; parsed: Target }[]>();
  for (const t of targetsOfPlan(db, planId)) {
    const list = out.get(t.indicatorId) ?? out.set(t.indicatorId, []).get(t.indicatorId)!;
    list.push({ year: t.year, raw: t.raw, parsed: JSON.parse(t.parsed) as Target });
  }
  return out;
}

export interface UnitSummary {
  unitId: number;
  unitName: string;
  expected: number;
  /** Sent and not returned ("đã nộp"); equal to reported when approval is off. */
  submitted: number;
  /** Counting as reported ("đã duyệt" when approval is on). */
  reported: number;
  onTime: number;
  late: number;
  overdue: number;
  met: number;
  notMet: number;
}

/** Completeness and timeliness by unit, from the read model's rows (expected rows only), by unit name. */
export function summariseByUnit(rows: readonly StatusRow[]): UnitSummary[] {
  const byUnit = new Map<number, UnitSummary>();
  for (const r of rows) {
    if (!r.expected) continue;
    let s = byUnit.get(r.unitId);
    if (!s) byUnit.set(r.unitId, (s = { unitId: r.unitId, unitName: r.unitName, expected: 0, submitted: 0, reported: 0, onTime: 0, late: 0, overdue: 0, met: 0, notMet: 0 }));
    s.expected += 1;
    if (r.submitted) s.submitted += 1;
    if (r.reported) {
      s.reported += 1;
      if (r.onTime) s.onTime += 1;
      else s.late += 1;
    } else if (r.state === "overdue") s.overdue += 1;
    if (r.achievementLabel === "met" || r.achievementLabel === "exceeded") s.met += 1;
    else if (r.achievementLabel === "not_met") s.notMet += 1;
  }
  return [...byUnit.values()].sort((a, b) => vietnamese.compare(a.unitName, b.unitName) || a.unitId - b.unitId);
}
