import type { Db } from "../../db/client.ts";
import type { UnitProgress } from "../chat/context.ts";
import {
  planItemsOf,
  reportingAssignmentsOf,
  reportFactsOfPeriods,
  reportsOfPeriods,
  statusNames,
  targetsOfPlan,
  type AssignmentRole,
  type PeriodReportFacts,
  type PeriodReportLine,
  type PlanItemRow,
  type ReportingAssignmentLine,
  type StatusNames,
  type TargetLine,
} from "../../db/repositories/reporting-status-repository.ts";
import { catalogueCache } from "./catalogue-cache.ts";
import {
  achievementLabel,
  achievementOf,
  frequenciesInside,
  isExpected,
  periodsInside,
  reportingState,
  targetForYear,
  type AchievementLabel,
  type ReportingState,
} from "../domain/reporting-status.ts";
import { countsAsReported, countsAsSubmitted, isOnTime, type FigureStatus } from "../domain/figure-counts.ts";
import type { Frequency } from "../domain/frequency.ts";
import type { PeriodRules, ReportingPeriod } from "../domain/reporting-period.ts";
import type { Achievement, Target } from "../domain/types.ts";
import { dutyCheck } from "./reporting-duty.ts";
import { dueRulesCheck } from "./due-rules.ts";
import { openPeriodsAt } from "../domain/open-periods.ts";
import { periodRulesKey } from "../domain/due-rules.ts";

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
}

/**
 * The read model of reporting status: for each item of the plans and each unit that reports it,
 * every reporting period inside the requested one — expected or not, reported or not, on time or
 * late, the latest value with its achievement against that year's target, the revision count.
 * Reports from units without an assignment are kept too (expected = false). Rows come in document
 * order (plan, indicators then tasks by position), then unit name, then period.
 */
export async function reportingStatus(db: Db, q: StatusQuery): Promise<StatusRow[]> {
  return await (await openStatusReader(db, q, insidePeriod(q))).rowsOf(null);
}

/**
 * summariseByUnit(reportingStatus(db, q)) — completeness and timeliness by unit — worked out without
 * building the rows: the same walk over assignments, periods and reports, but each expected row is
 * counted as it is met, and the reports are read with only the columns the counts need
 * (reportFactsOfPeriods). What /api/summary and the completeness chart read.
 */
export async function summaryByUnit(db: Db, q: StatusQuery): Promise<UnitSummary[]> {
  return await (await openStatusReader(db, q, insidePeriod(q))).summary();
}

/**
 * The same rows, for the periods open at `now` instead of those inside a requested period: each
 * assignment's current period and the one before (the open-periods rule, src/domain/open-periods.ts)
 * — what the chat's /tiendo and /tonghop count (summariseOpenPeriods).
 */
export async function openPeriodsStatus(db: Db, q: Omit<StatusQuery, "periodKey">): Promise<StatusRow[]> {
  const openAt = openPeriodsAt(q.now);
  return await (await openStatusReader(db, q, { frequencies: null, requestedKey: null, periodsOf: (a, item, rules) => openAt(a.frequency, item.dueAt === null ? null : new Date(item.dueAt), new Date(a.createdAt), rules) })).rowsOf(null);
}

/**
 * The same rows as reportingStatus, in the same order, a run of `itemsPerChunk` items at a time
 * (every row of an item comes in one chunk): what an export holds at once is a chunk's rows and
 * the queries behind them, not the plan's. Names, targets and duties are read once for all chunks.
 */
export async function* reportingStatusInChunks(db: Db, q: StatusQuery, itemsPerChunk = ITEMS_PER_CHUNK): AsyncGenerator<StatusRow[]> {
  const reader = await openStatusReader(db, q, insidePeriod(q));
  for (let i = 0; i < reader.items.length; i += itemsPerChunk) yield await reader.rowsOf(reader.items.slice(i, i + itemsPerChunk));
}

/** Items per chunk of a chunked read: a province-year's 100 items × 40 units × 12 months come in ~4,800-row chunks. */
const ITEMS_PER_CHUNK = 10;

/** The read model's reads that do not depend on which items are asked: the plans' items, duties, targets, names. */
interface StatusReader {
  /** Every item of the plans read, in document order. */
  items: readonly PlanItemRow[];
  /** The rows of these items (a run of `items`), or of every item (null). */
  rowsOf(only: readonly PlanItemRow[] | null): Promise<StatusRow[]>;
  /** summariseByUnit of rowsOf(null), without building the rows: the expected rows' standing only, from the reports' facts. */
  summary(): Promise<UnitSummary[]>;
}

/** Which periods an assignment has rows for: those inside a requested period, or those open now. */
interface PeriodChoice {
  /** Only assignments of these frequencies can have any (null: all). */
  frequencies: Frequency[] | null;
  /** A requested period whose reports come even from units not assigned (null: none). */
  requestedKey: string | null;
  /** The item's due rules (src/services/due-rules.ts) decide the periods' deadlines. */
  periodsOf(a: ReportingAssignmentLine, item: PlanItemRow, rules: PeriodRules): readonly ReportingPeriod[];
}

/**
 * The reporting periods inside q.periodKey ("2026" holds 12 months…), worked out once per (frequency,
 * deadline, due rules): items of plans with rules of their own have deadlines of their own.
 */
function insidePeriod(q: StatusQuery): PeriodChoice {
  const periodMemo = new Map<PeriodRules, Map<Frequency, Map<number | null, ReportingPeriod[]>>>();
  return {
    // Only the frequencies that can have a period inside the requested one (a month: monthly and one-off).
    frequencies: frequenciesInside(q.periodKey),
    requestedKey: q.periodKey,
    periodsOf: (a, item, rules) => {
      let byFrequency = periodMemo.get(rules);
      if (!byFrequency) periodMemo.set(rules, (byFrequency = new Map()));
      let byDue = byFrequency.get(a.frequency);
      if (!byDue) byFrequency.set(a.frequency, (byDue = new Map()));
      let hit = byDue.get(item.dueAt);
      if (!hit) byDue.set(item.dueAt, (hit = periodsInside(a.frequency, q.periodKey, item.dueAt === null ? null : new Date(item.dueAt), rules)));
      return hit;
    },
  };
}

/** What the read model reads of the catalogue, the organisation and its people: the plans' items, targets, names, reporting assignments. */
interface StatusCatalogue {
  items: readonly PlanItemRow[];
  /** Items by key with their document-order rank, which also numbers them for the row keys. */
  itemIndex: ReadonlyMap<string, number>;
  targets: TargetLookup;
  names: StatusNames;
  achievements: AchievementMemo;
  /** The active reporting assignments of the filter's units and frequencies, by id, one per (item, unit) (bestRolePerUnit), by "units:frequencies". */
  assignmentsBy: Map<string, readonly ReportingAssignmentLine[]>;
}

const statusCatalogueCache = catalogueCache<StatusCatalogue>();
/** Assignment lists kept per plan and stamp (a unit's view, a month, a quarter…): past this many the next ones are read each time. */
const MAX_ASSIGNMENT_LISTS = 500;

/**
 * The catalogue side of a read, kept across reads until the catalogue, the organisation, its people
 * or the assignments change (catalogueCache: one stamp read instead of five queries; on SQLite the
 * 15,449 monthly assignments of a million-report province were a third of a month's read). One entry
 * per plan (or all plans): items, targets and names are shared by every unit's view, and only the
 * assignment lists are per units and frequencies. Shared between reads: nothing here is changed by
 * them (TargetLookup and AchievementMemo only memoise).
 */
async function statusCatalogue(db: Db, filter: { planId: number | null; unitIds: number[] | null }, frequencies: readonly Frequency[] | null): Promise<StatusCatalogue & { assignments: readonly ReportingAssignmentLine[] }> {
  const c = await statusCatalogueCache(db, `status:${filter.planId ?? "*"}`, async () => {
    const items = await planItemsOf(db, filter.planId);
    const itemIndex = new Map<string, number>();
    items.forEach((i, n) => itemIndex.set(i.subjectKey, n));
    const names = await statusNames(db);
    const targets = new TargetLookup(await targetsOfPlan(db, filter.planId));
    return { items, itemIndex, targets, names, achievements: new AchievementMemo(), assignmentsBy: new Map() };
  });
  // Read after the stamp, like the rest: a write in between leaves a stale stamp, never stale rows under a fresh one.
  const key = `${filter.unitIds?.join(",") ?? "*"}:${frequencies?.join(",") ?? "*"}`;
  let assignments = c.assignmentsBy.get(key);
  if (!assignments) {
    assignments = bestRolePerUnit(await reportingAssignmentsOf(db, { ...filter, subjectKeys: null, frequencies }, c.names));
    if (c.assignmentsBy.size < MAX_ASSIGNMENT_LISTS) c.assignmentsBy.set(key, assignments);
  }
  return { ...c, assignments };
}

async function openStatusReader(db: Db, q: Omit<StatusQuery, "periodKey">, choice: PeriodChoice): Promise<StatusReader> {
  const filter = { planId: q.planId ?? null, unitIds: q.unitIds ?? null };
  const frequencies = choice.frequencies;
  const { items, itemIndex, targets, names, assignments: allAssignments, achievements } = await statusCatalogue(db, filter, frequencies);
  // Which unit owes what and from when (src/domain/reporting-duty.ts): a unit outside the province or
  // deactivated has no rows of its own (its figures, if any, come as unassigned ones); a period due
  // before the plan's "track from" is not expected. Read every time: the province's track-from is no catalogue table.
  // Each item's due rules (item, else plan, else province, else built in: src/domain/due-rules.ts).
  const [duty, due] = await Promise.all([dutyCheck(db), dueRulesCheck(db)]);

  const orphanPeriods = new Map<string, Pick<ReportingPeriod, "key" | "dueAt">>();

  /**
   * The assignment rows of these items (null: all): each (item, unit, period) with whether it is
   * expected and its report, if any, handed to `visit`; answers the reports no assignment row took
   * (reports of units not assigned, or of a period the assignment does not have).
   */
  const walk = async <R extends PeriodReportFacts>(
    only: readonly PlanItemRow[] | null,
    readReports: (periodKeys: string[], f: ItemFilterOf) => Promise<R[]>,
    visit: (item: PlanItemRow, unit: UnitOfRow, period: ReportingPeriod, expected: boolean, r: R | null, tracked: boolean) => void,
  ): Promise<{ periodKeys: string[]; left: Iterable<R> }> => {
    const f = { ...filter, subjectKeys: only ? only.map((i) => i.subjectKey) : null };
    const wanted = only ? new Set(f.subjectKeys) : null;
    // One per (item, unit) already (bestRolePerUnit): dropping a unit or an item drops whole (item, unit) pairs, so filtering after it is the same.
    const assignments = allAssignments.filter((a) => (wanted ? wanted.has(a.subjectKey) : itemIndex.has(a.subjectKey)) && duty.owes(a.unitId));

    // Each distinct period key gets a number; a (item, unit, period) is then one number, not a string.
    const periodIndex = new Map<string, number>();
    const numberOf = (key: string) => {
      let n = periodIndex.get(key);
      if (n === undefined) periodIndex.set(key, (n = periodIndex.size));
      return n;
    };
    for (const a of assignments) for (const period of choice.periodsOf(a, items[itemIndex.get(a.subjectKey)!]!, due.of(a.subjectKey))) numberOf(period.key);
    // Reports of the requested period's own key come too, even from units not assigned.
    if (choice.requestedKey !== null) numberOf(choice.requestedKey);
    const periodCount = periodIndex.size;
    const slots = items.length * periodCount;
    const rowKey = (itemN: number, unitId: number, periodN: number) => unitId * slots + itemN * periodCount + periodN;

    const reports = new Map<number, R>();
    for (const r of await readReports([...periodIndex.keys()], f)) {
      const itemN = itemIndex.get(r.subjectKey);
      // A report of an item outside the plans read has no row.
      if (itemN !== undefined) reports.set(rowKey(itemN, r.unitId, periodIndex.get(r.periodKey)!), r);
    }

    for (const a of assignments) {
      const itemN = itemIndex.get(a.subjectKey)!;
      const item = items[itemN]!;
      const unit = { unitId: a.unitId, unitName: a.unitName, role: a.role, frequency: a.frequency };
      for (const period of choice.periodsOf(a, item, due.of(a.subjectKey))) {
        const key = rowKey(itemN, a.unitId, periodIndex.get(period.key)!);
        const r = reports.get(key);
        if (r) reports.delete(key);
        const tracked = duty.tracked(a.subjectKey, period.dueAt);
        visit(item, unit, period, tracked && isExpected(period, a.createdAt), r ?? null, tracked);
      }
    }
    return { periodKeys: [...periodIndex.keys()], left: reports.values() };
  };

  const rowsOf = async (only: readonly PlanItemRow[] | null): Promise<StatusRow[]> => {
    const rows: StatusRow[] = [];
    const { periodKeys, left } = await walk(
      only,
      (periodKeys, f) => reportsOfPeriods(db, periodKeys, f, names),
      (item, unit, period, expected, r, tracked) => rows.push(statusRow(item, unit, period, expected, r, targets, achievements, q.now, tracked)),
    );
    // What is left: reports without an assignment behind them (or of a period the assignment does not have).
    const orphanKeys = new Set<string>();
    for (const r of left) {
      // Its deadline under the item's own rules: one period object per (key, rules), shared by rows.
      const rules = due.of(r.subjectKey);
      const orphanKey = `${r.periodKey}|${periodRulesKey(rules)}`;
      let period = orphanPeriods.get(orphanKey);
      if (!period) orphanPeriods.set(orphanKey, (period = { key: r.periodKey, dueAt: periodsInside("monthly", r.periodKey, null, rules)[0]?.dueAt ?? new Date(8.64e15) }));
      orphanKeys.add(r.periodKey);
      rows.push(statusRow(items[itemIndex.get(r.subjectKey)!]!, { unitId: r.unitId, unitName: r.unitName, role: null, frequency: null }, period, false, r, targets, achievements, q.now));
    }
    // Sorting compares one number per row: item rank, unit rank (by Vietnamese name, worked out once per
    // unit — a collator per comparison is slow at 50,000 rows), period key rank.
    const unitNames = [...new Map(rows.map((r) => [r.unitId, r.unitName]))].sort((a, b) => vietnamese.compare(a[1], b[1]) || a[0] - b[0]);
    const unitRank = new Map(unitNames.map(([id], n) => [id, n]));
    const periodRank = new Map([...new Set([...periodKeys, ...orphanKeys])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)).map((k, n) => [k, n]));
    const unitCount = unitNames.length;
    const periodRankCount = periodRank.size;
    const sortKeys = new Float64Array(rows.length);
    for (let n = 0; n < rows.length; n += 1) {
      const r = rows[n]!;
      sortKeys[n] = (itemIndex.get(r.subjectKey)! * unitCount + unitRank.get(r.unitId)!) * periodRankCount + periodRank.get(r.periodKey)!;
    }
    const order = Array.from({ length: rows.length }, (_, n) => n).sort((x, y) => sortKeys[x]! - sortKeys[y]! || x - y);
    return order.map((n) => rows[n]!);
  };

  // Only expected rows count, and a report no assignment row took is never expected: those are not looked at.
  const summary = async (): Promise<UnitSummary[]> => {
    const tally = new UnitSummaryTally();
    await walk(
      null,
      (periodKeys, f) => reportFactsOfPeriods(db, periodKeys, f),
      (item, unit, period, expected, r, tracked) => {
        if (expected) tally.count({ unitId: unit.unitId, unitName: unit.unitName, expected, ...standing(item, period, r, targets, achievements, q.now, tracked) });
      },
    );
    return tally.result();
  };
  return { items, rowsOf, summary };
}

/**
 * The achievement of a value against a target, worked out once per (target, value): a province's
 * figures repeat (a percentage reported by 40 units over 12 months takes few distinct values), and
 * parsing and comparing them was a tenth of the read. The result is shared between rows: read-only.
 */
class AchievementMemo {
  private readonly byTarget = new Map<Target, Map<number | string, Achievement | null>>();

  of(target: Target | undefined, value: number | string | null): Achievement | null {
    if (!target || value === null) return achievementOf(target, value);
    let byValue = this.byTarget.get(target);
    if (!byValue) this.byTarget.set(target, (byValue = new Map()));
    let hit = byValue.get(value);
    if (hit === undefined) {
      hit = achievementOf(target, value);
      if (byValue.size < 10_000) byValue.set(value, hit);
    }
    return hit;
  }
}

/** Each indicator's targets, and the one a year's figure is judged against, worked out once per (indicator, year). */
class TargetLookup {
  private readonly byIndicator = new Map<number, { year: number; raw: string; parsed: Target }[]>();
  private readonly forYear = new Map<number, Map<number, { year: number; raw: string; parsed: Target } | null>>();

  constructor(lines: readonly TargetLine[]) {
    for (const t of lines) {
      const list = this.byIndicator.get(t.indicatorId) ?? this.byIndicator.set(t.indicatorId, []).get(t.indicatorId)!;
      list.push({ year: t.year, raw: t.raw, parsed: JSON.parse(t.parsed) as Target });
    }
  }

  of(indicatorId: number, year: number): { year: number; raw: string; parsed: Target } | null {
    let byYear = this.forYear.get(indicatorId);
    if (!byYear) this.forYear.set(indicatorId, (byYear = new Map()));
    let hit = byYear.get(year);
    if (hit === undefined) byYear.set(year, (hit = targetForYear(this.byIndicator.get(indicatorId) ?? [], year) ?? null));
    return hit;
  }
}

const yearOfPeriod = new WeakMap<object, number>();
const unreportedStates = new WeakMap<object, { now: number; state: ReportingState }>();

/** A period's state without a report depends on its deadline and now only: worked out once per period and now. */
function unreportedState(period: Pick<ReportingPeriod, "key" | "dueAt">, now: Date): ReportingState {
  const hit = unreportedStates.get(period);
  if (hit && hit.now === now.getTime()) return hit.state;
  const state = reportingState(period, now, null);
  unreportedStates.set(period, { now: now.getTime(), state });
  return state;
}

/** The unit a row is of, with its assignment's role and frequency (null for a report without an assignment). */
interface UnitOfRow {
  unitId: number;
  unitName: string;
  role: AssignmentRole | null;
  frequency: Frequency | null;
}

type ItemFilterOf = Parameters<typeof reportsOfPeriods>[2];

/** What a row's report says of it — state, submitted, reported, on time, achievement — as every output counts it. */
function standing(
  item: PlanItemRow,
  period: Pick<ReportingPeriod, "key" | "dueAt">,
  r: PeriodReportFacts | null,
  targets: TargetLookup,
  achievements: AchievementMemo,
  now: Date,
  tracked: boolean,
) {
  let year = yearOfPeriod.get(period);
  if (year === undefined) yearOfPeriod.set(period, (year = Number(period.key.slice(0, 4)) || new Date(period.dueAt).getUTCFullYear()));
  const target = item.subjectType === "indicator" ? targets.of(item.subjectId, year) : null;
  const firstAt = r ? new Date(r.createdAt) : null;
  const value = r ? (r.valueNumber ?? r.valueText) : null;
  const achievement = achievements.of(target?.parsed, value);
  const approvalRequired = item.approvalRequired === 1;
  return {
    target,
    firstAt,
    achievement,
    achievementLabel: achievementLabel(achievement),
    approvalRequired,
    state: firstAt ? reportingState(period, now, firstAt) : tracked ? unreportedState(period, now) : ("untracked" as ReportingState),
    submitted: countsAsSubmitted(r),
    reported: countsAsReported(r, approvalRequired),
    onTime: firstAt ? isOnTime(firstAt, period.dueAt) : null,
  };
}

function statusRow(
  item: PlanItemRow,
  unit: UnitOfRow,
  period: Pick<ReportingPeriod, "key" | "dueAt">,
  expected: boolean,
  r: PeriodReportLine | null,
  targets: TargetLookup,
  achievements: AchievementMemo,
  now: Date,
  tracked = true,
): StatusRow {
  const s = standing(item, period, r, targets, achievements, now, tracked);
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
    state: s.state,
    approvalRequired: s.approvalRequired,
    submitted: s.submitted,
    reported: s.reported,
    figureStatus: r?.figureStatus ?? null,
    returnReason: r?.returnReason ?? null,
    onTime: s.onTime,
    report: r && {
      id: r.reportId,
      valueNumber: r.valueNumber,
      valueText: r.valueText,
      taskStatus: r.taskStatus,
      note: r.note,
      reporterName: r.reporterName,
      channel: r.channel,
      firstAt: s.firstAt!,
      at: new Date(r.updatedAt),
      revisions: r.revision,
      evidence: { count: r.evidenceCount, name: r.evidenceName, ref: r.evidenceRef },
    },
    target: s.target,
    achievement: s.achievement,
    achievementLabel: s.achievementLabel,
  };
}

/** A unit named as lead and also inside a coordinating group reports the item once, as lead. */
function bestRolePerUnit(rows: ReportingAssignmentLine[]): ReportingAssignmentLine[] {
  const strength: Record<AssignmentRole, number> = { lead: 0, coordinating: 1, implementing: 2, monitoring: 3 };
  // (item, unit) → place in `out`, by item then unit: no string key per row; first-seen order kept.
  const placeOf = new Map<string, Map<number, number>>();
  const out: ReportingAssignmentLine[] = [];
  for (const r of rows) {
    let byUnit = placeOf.get(r.subjectKey);
    if (!byUnit) placeOf.set(r.subjectKey, (byUnit = new Map()));
    const at = byUnit.get(r.unitId);
    if (at === undefined) {
      byUnit.set(r.unitId, out.length);
      out.push(r);
    } else if (strength[r.role] < strength[out[at]!.role]) out[at] = r;
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
  const tally = new UnitSummaryTally();
  tally.add(rows);
  return tally.result();
}

/** summariseByUnit over rows that come a chunk at a time (reportingStatusInChunks): add each chunk, then ask for the result. */
export class UnitSummaryTally {
  private readonly byUnit = new Map<number, UnitSummary>();

  add(rows: readonly StatusRow[]): void {
    for (const r of rows) this.count(r);
  }

  /** One row (only an expected one counts). */
  count(r: Pick<StatusRow, "unitId" | "unitName" | "expected" | "submitted" | "reported" | "onTime" | "state" | "achievementLabel">): void {
    if (!r.expected) return;
    let s = this.byUnit.get(r.unitId);
    if (!s) this.byUnit.set(r.unitId, (s = { unitId: r.unitId, unitName: r.unitName, expected: 0, submitted: 0, reported: 0, onTime: 0, late: 0, overdue: 0, met: 0, notMet: 0 }));
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

  result(): UnitSummary[] {
    return [...this.byUnit.values()].map((s) => ({ ...s })).sort((a, b) => vietnamese.compare(a.unitName, b.unitName) || a.unitId - b.unitId);
  }
}

/** A unit's standing over its open periods, as /tiendo and /tonghop show it (the chat's UnitProgress). */
export type OpenPeriodsProgress = UnitProgress;

/** openPeriodsStatus's rows folded by unit, in the rows' order of first appearance (units with nothing expected left out). */
export function summariseOpenPeriods(rows: readonly StatusRow[]): OpenPeriodsProgress[] {
  const byUnit = new Map<number, OpenPeriodsProgress>();
  // Rows come by item, then unit, then period: an (item, unit)'s last expected row is its latest open period.
  const latest = new Map<string, StatusRow>();
  const overdue = new Set<string>();
  for (const r of rows) {
    if (!r.expected) continue;
    const key = `${r.subjectKey}|${r.unitId}`;
    latest.set(key, r);
    if (!r.report && r.state === "overdue") overdue.add(key);
  }
  for (const [key, r] of latest) {
    let p = byUnit.get(r.unitId);
    if (!p) byUnit.set(r.unitId, (p = { unitId: r.unitId, unitName: r.unitName, periodKey: null, expected: 0, reported: 0, met: 0, notMet: 0, overdue: 0 }));
    p.periodKey ??= r.periodKey;
    p.expected += 1;
    if (overdue.has(key)) p.overdue += 1;
    if (!r.reported) continue;
    p.reported += 1;
    if (r.achievementLabel === "met" || r.achievementLabel === "exceeded") p.met += 1;
    else if (r.achievementLabel === "not_met") p.notMet += 1;
  }
  return [...byUnit.values()];
}
