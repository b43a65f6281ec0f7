import type { Db } from "../../db/client.ts";
import { assignmentsCreatedAt } from "../../db/repositories/assignments-repository.ts";
import {
  findIndicatorById,
  findTaskById,
  indicatorDescriptions,
  targetsOfIndicators,
  taskDescriptions,
} from "../../db/repositories/catalogue-repository.ts";
import { findInviteCode, findPersonById, findPersonByPhone, focalPointsOfUnits } from "../../db/repositories/people-repository.ts";
import { recentReportsOf, reportLines, reportLinesOfItem, type ReportLine, type ReportRow } from "../../db/repositories/reports-repository.ts";
import { findUnitById, listUnits, unitSubtreeIds } from "../../db/repositories/units-repository.ts";
import type { Frequency } from "../domain/frequency.ts";
import { openPeriodsAt } from "../domain/open-periods.ts";
import { phoneNumber } from "../domain/phone-number.ts";
import { subjectKey } from "../domain/subject-key.ts";
import type { ChatLookups, WaitingView, ItemRef, ItemSummary, ItemView, OverdueLine, PeriodView, RecentReport, ReportView, UnitProgress } from "../chat/context.ts";
import { achievement } from "../domain/achievement.ts";
import { daysOverdue, periodStatus } from "../domain/reporting-period.ts";
import type { Target, ValueKind } from "../domain/types.ts";
import { toVnParts } from "../domain/vn-time.ts";
import { itemsAssignedToPerson, itemsAssignedToUnits, type AssignedItem } from "./assignments.ts";
import { previewAudience } from "./broadcast-audience.ts";
import { catalogueCache } from "./catalogue-cache.ts";
import { catalogueVersion } from "../../db/repositories/catalogue-version.ts";
import { searchKey } from "../domain/search-key.ts";
import { approvalRequiredCheck, listWaitingFigures, lockablePeriods, lockCheck, unlockers } from "./approvals.ts";
import { countsAsReported } from "../domain/figure-counts.ts";
import { dueRulesCheck, type DueRulesCheck } from "./due-rules.ts";
import { dutyCheck, type DutyCheck } from "./reporting-duty.ts";
import { openPeriodsStatus, summariseOpenPeriods } from "./reporting-status.ts";

/**
 * The chat core's read side over SQLite: what is assigned, the open periods with their status,
 * reports, and the views for heads and coordinators.
 */
export function createChatLookups(db: Db, now: Date): ChatLookups {
  const year = toVnParts(now).year;
  // Read once per turn, and only by a turn that shows periods: closed by a coordinator, or past the
  // cutoff of a plan with approval on (src/domain/figure-counts.ts).
  // Each is a promise kept for the turn, so itemViews can start them together with the reports' read:
  // on PostgreSQL every read is a round trip, and these go out side by side on the pool, not one after another.
  let locked: ReturnType<typeof lockCheck> | undefined;
  const lockNow = () => (locked ??= lockCheck(db, now));
  const isLocked = async (subjectKey: string, periodKey: string, dueAt: Date | null) => (await lockNow())(subjectKey, periodKey, dueAt);
  let approval: ReturnType<typeof approvalRequiredCheck> | undefined;
  const approvalNow = () => (approval ??= approvalRequiredCheck(db));
  const approvalOn = async (subjectKey: string) => (await approvalNow())(subjectKey);
  // Which unit owes what and from when (src/domain/reporting-duty.ts), read once per turn when needed.
  let duty: Promise<DutyCheck> | undefined;
  const dutyNow = () => (duty ??= dutyCheck(db));
  // Each item's due rules (src/domain/due-rules.ts), read once per turn when needed.
  let dueRules: Promise<DueRulesCheck> | undefined;
  const dueNow = () => (dueRules ??= dueRulesCheck(db));

  // The catalogue side of an item list is kept across turns (catalogueCache); a turn adds the
  // periods, which depend on the time, and the reports, which change with every save — for the
  // items it shows only, in a fixed number of queries however many they are.
  const itemViews = async (items: readonly DescribedItem[]): Promise<ItemView[]> => {
    if (items.length === 0) return [];
    const openAt = openPeriodsAt(now);
    const [due] = await Promise.all([dueNow(), dutyNow(), lockNow(), approvalNow()]);
    const open = items.map((d) => openAt(d.frequency, d.dueAt, d.createdAt, due.of(d.subjectKey)));
    const reported = await reportsOf(db, items.map((d, i) => ({ subjectKey: d.subjectKey, unitId: d.summary.ref.unitId, periodKeys: open[i]!.map((p) => p.key) })));
    const views: ItemView[] = [];
    for (const [i, d] of items.entries()) {
      const periods: PeriodView[] = [];
      for (const p of open[i]!) {
        const r = reported.get(reportKey(d.subjectKey, d.summary.ref.unitId, p.key));
        const report = r ? { ...reportView(r), ...((await approvalOn(d.subjectKey)) ? { approval: { status: r.figureStatus, reason: r.returnReason } } : {}) } : null;
        const status = (await dutyNow()).status(d.subjectKey, p.dueAt, periodStatus(p, now, r?.createdAt ?? null));
        periods.push({ key: p.key, dueAt: p.dueAt, closed: await isLocked(d.subjectKey, p.key, p.key === "once" ? null : p.dueAt), status, report });
      }
      views.push({ ...d.summary, periods });
    }
    return views;
  };
  // Only what a unit owes: none of a unit outside the province or deactivated (kept across turns
  // with the items: a change to a unit changes the catalogue stamp).
  const owed = async (items: AssignedItem[]) => {
    const d = await dutyNow();
    return items.filter((a) => d.owes(a.unitId));
  };
  const personItems = (personId: number) => personDescribedItems(db, personId, year, dutyNow);
  const unitItems = (unitIds: number[]) => describedItems(db, `units:${unitIds.join(",")}:${year}`, async () => owed(await itemsAssignedToUnits(db, unitIds)), year);

  // /tiendo and /tonghop count through the read model (src/services/reporting-status.ts), over the
  // periods open now: expected, reported, on time, overdue and achievement as every export decides them.
  const progressOf = async (unitIds: number[] | null): Promise<UnitProgress[]> => summariseOpenPeriods(await openPeriodsStatus(db, { unitIds, now }));

  return {
    async checkInvite(code) {
      const invite = await findInviteCode(db, code.toUpperCase());
      if (!invite) return { status: "unknown" };
      if (invite.usedAt) return { status: "used" };
      if (invite.expiresAt.getTime() <= now.getTime()) return { status: "expired" };
      const person = await findPersonById(db, invite.personId);
      return person ? { status: "ok", personId: person.id, personName: person.name } : { status: "unknown" };
    },

    async personByPhone(phone) {
      const normalised = phoneNumber(phone);
      const person = normalised ? await findPersonByPhone(db, normalised) : undefined;
      if (!person) return null;
      return { personId: person.id, name: person.name, unitName: person.unitId ? ((await findUnitById(db, person.unitId))?.name ?? null) : null };
    },

    itemSummaries: async (personId) => (await personItems(personId)).summaries,

    async itemsForPerson(personId, options) {
      const { items, byRef } = await personItems(personId);
      if (!options?.only) return await itemViews(items);
      const wanted = options.only.map((r) => byRef.get(refKey(r))).filter((d): d is DescribedItem => d !== undefined);
      // In list order, whatever the order asked for.
      return await itemViews(wanted.length > 1 ? items.filter((d) => wanted.includes(d)) : wanted);
    },

    async recentReports(personId, limit) {
      const person = await findPersonById(db, personId);
      const rows = await recentReportsOf(db, personId, person?.unitId ?? null, limit);
      const out: RecentReport[] = [];
      for (const r of rows) {
        const d = await describeSubject(db, r);
        out.push({
          ref: { subjectType: r.indicatorId !== null ? "indicator" : "task", subjectId: (r.indicatorId ?? r.taskId)!, unitId: r.unitId },
          code: d.code,
          name: d.name,
          valueKind: d.valueKind,
          unitOfMeasure: d.unitOfMeasure,
          periodKey: r.periodKey,
          periodClosed: await isLocked(r.subjectKey, r.periodKey, (await dueNow()).dueAtOf(r.subjectKey, r.periodKey)),
          report: reportView({ ...r, reporterName: null }),
        });
      }
      return out;
    },

    async overdueForUnit(unitId) {
      const unitIds = await unitSubtreeIds(db, unitId);
      const [focal, assigned] = await Promise.all([focalNamesByUnit(db, unitIds), unitItems(unitIds)]);
      const out: OverdueLine[] = [];
      for (const item of await itemViews(assigned.items)) {
        for (const p of item.periods) {
          if (p.report || p.closed || (p.status !== "overdue" && p.status !== "due_soon")) continue;
          out.push({
            code: item.code,
            name: item.name,
            unitName: item.unitName,
            focalNames: focal.get(item.ref.unitId) ?? [],
            periodKey: p.key,
            dueAt: p.dueAt,
            status: p.status,
            days: p.status === "overdue" ? daysOverdue(p.dueAt, now) : Math.max(0, -daysOverdue(p.dueAt, now)),
          });
        }
      }
      return out.sort((a, b) => (a.status === b.status ? a.dueAt.getTime() - b.dueAt.getTime() : a.status === "overdue" ? -1 : 1));
    },

    async progressForUnit(unitId) {
      const ids = await unitSubtreeIds(db, unitId);
      const byUnit = new Map((await progressOf(ids)).map((p) => [p.unitId, p]));
      // The unit first, then its sub-units in the tree's order.
      return ids.map((id) => byUnit.get(id)).filter((p): p is UnitProgress => p !== undefined && p.expected > 0);
    },

    async findUnits(text) {
      const key = searchKey(text);
      if (!key) return [];
      const all = await listUnits(db);
      const exact = all.filter((u) => u.key === key);
      return (exact.length ? exact : all.filter((u) => key.split(" ").every((w) => u.key.includes(w)))).slice(0, 8).map((u) => ({ id: u.id, name: u.name }));
    },

    previewAudience: (audience) => previewAudience(db, audience),

    async waitingApprovals(unitId) {
      return (await listWaitingFigures(db, await unitSubtreeIds(db, unitId))).map((w) => ({
        reportId: w.reportId,
        revision: w.revision,
        code: w.code,
        name: w.name,
        unitName: w.unitName,
        unitOfMeasure: w.unitOfMeasure,
        valueKind: w.valueKind,
        periodKey: w.periodKey,
        valueNumber: w.valueNumber,
        valueText: w.valueText,
        taskStatus: w.taskStatus as WaitingView["taskStatus"],
        note: w.note,
        reporterName: w.reporterName,
        target: w.target,
        previous: w.previous,
        evidenceCount: w.evidenceCount,
      }));
    },

    unlockers: () => unlockers(db),

    lockablePeriods: () => lockablePeriods(db, now),

    async provinceProgress() {
      return (await progressOf(null)).filter((p) => p.expected > 0).sort((a, b) => a.unitName.localeCompare(b.unitName, "vi"));
    },
  };
}

/** An assigned item as kept across turns: its summary, and what its periods are worked out from. */
interface DescribedItem {
  summary: ItemSummary;
  subjectKey: string;
  frequency: Frequency;
  dueAt: Date | null;
  /** When the assignment was made: no period that fell due before it is asked for. */
  createdAt: Date;
}

interface DescribedItems {
  items: readonly DescribedItem[];
  summaries: readonly ItemSummary[];
  byRef: ReadonlyMap<string, DescribedItem>;
}

const describedCache = catalogueCache<DescribedItems>();

/**
 * Assigned items with their descriptions and this year's targets, kept across turns until the
 * catalogue, the organisation, its people or the assignments change (catalogueCache). Reading them
 * was most of a turn's work: a one-line report looks through all ~100 items of the person's unit
 * to find the one meant. Frozen, since every turn until the next change gets the same objects.
 */
function describedItems(db: Db, key: string, assigned: () => Promise<AssignedItem[]>, year: number, version?: string): Promise<DescribedItems> {
  return describedCache(db, key, async () => {
    const list = await assigned();
    // The focal points of a unit mostly have the same list: they share one description (one copy
    // in memory, and the reader's index (src/chat/reader/item-index.ts) is worked out once for all of them).
    return describedCache(db, `items:${year}:${list.map((a) => a.assignmentId).join(",")}`, () => describe(db, list, year), version);
  }, version);
}

/**
 * The item lists of several people (what itemSummaries answers each of them), the catalogue's stamp
 * read once for all: a reminder tick numbers the lines of hundreds of digests with it.
 */
export async function itemSummariesOfPeople(db: Db, now: Date, personIds: readonly number[]): Promise<Map<number, readonly ItemSummary[]>> {
  const year = toVnParts(now).year;
  const version = await catalogueVersion(db);
  let duty: DutyCheck | undefined;
  const dutyNow = async () => (duty ??= await dutyCheck(db));
  const out = new Map<number, readonly ItemSummary[]>();
  for (const personId of new Set(personIds)) out.set(personId, (await personDescribedItems(db, personId, year, dutyNow, version)).summaries);
  return out;
}

/** A person's assigned items, only what their unit owes (src/domain/reporting-duty.ts). */
function personDescribedItems(db: Db, personId: number, year: number, duty: () => Promise<DutyCheck>, version?: string): Promise<DescribedItems> {
  return describedItems(db, `person:${personId}:${year}`, async () => {
    const d = await duty();
    return (await itemsAssignedToPerson(db, personId)).filter((a) => d.owes(a.unitId));
  }, year, version);
}

async function describe(db: Db, assigned: AssignedItem[], year: number): Promise<DescribedItems> {
  if (assigned.length === 0) return Object.freeze({ items: [], summaries: [], byRef: new Map() });
  const subjects = await describeSubjects(db, assigned, year);
  const createdAt = await assignmentsCreatedAt(db, [...new Set(assigned.map((a) => a.assignmentId))]);
  const items = assigned.map((a): DescribedItem => {
    const subjectKey = subjectKeyOf(a);
    const d = subjects.get(subjectKey);
    if (!d) throw new Error(`${a.subjectType} ${a.subjectId} is assigned but not in the catalogue`);
    const summary: ItemSummary = Object.freeze({
      ref: Object.freeze({ subjectType: a.subjectType, subjectId: a.subjectId, unitId: a.unitId }),
      code: a.code,
      name: a.name,
      nameKey: d.nameKey,
      plan: a.plan,
      unitName: a.unit,
      valueKind: d.valueKind,
      unitOfMeasure: d.unitOfMeasure,
      target: d.target,
    });
    return Object.freeze({ summary, subjectKey, frequency: a.frequency, dueAt: d.dueAt, createdAt: createdAt.get(a.assignmentId) ?? new Date(0) });
  });
  return Object.freeze({ items: Object.freeze(items), summaries: Object.freeze(items.map((i) => i.summary)), byRef: new Map(items.map((i) => [refKey(i.summary.ref), i])) });
}

interface Described {
  nameKey: string;
  valueKind: ValueKind;
  unitOfMeasure: string | null;
  dueAt: Date | null;
  target: ItemView["target"];
}

/** The indicators (with their targets) and tasks behind the items, in one query each, keyed by subject key. */
async function describeSubjects(db: Db, items: AssignedItem[], year: number): Promise<Map<string, Described>> {
  const out = new Map<string, Described>();
  const idsOf = (type: AssignedItem["subjectType"]) => [...new Set(items.filter((a) => a.subjectType === type).map((a) => a.subjectId))];
  const indicatorIds = idsOf("indicator");
  if (indicatorIds.length) {
    const targetsOf = await targetsFor(db, indicatorIds, year);
    for (const i of await indicatorDescriptions(db, indicatorIds)) out.set(subjectKey("indicator", i.id), { nameKey: i.nameKey, valueKind: i.valueKind, unitOfMeasure: i.unitOfMeasure, dueAt: i.dueAt, target: targetsOf.get(i.id) ?? null });
  }
  const taskIds = idsOf("task");
  if (taskIds.length) {
    for (const t of await taskDescriptions(db, taskIds)) out.set(subjectKey("task", t.id), { nameKey: t.nameKey, valueKind: "text", unitOfMeasure: null, dueAt: t.dueAt, target: null });
  }
  return out;
}

/** Per indicator, the target for this year's horizon; else the nearest later one; else the latest. */
async function targetsFor(db: Db, indicatorIds: number[], year: number): Promise<Map<number, NonNullable<ItemView["target"]>>> {
  const rows = await targetsOfIndicators(db, indicatorIds);
  const byIndicator = new Map<number, (typeof rows)[number][]>();
  for (const t of rows) (byIndicator.get(t.indicatorId) ?? byIndicator.set(t.indicatorId, []).get(t.indicatorId)!).push(t);
  const out = new Map<number, NonNullable<ItemView["target"]>>();
  for (const [id, list] of byIndicator) {
    const pick = list.find((t) => t.year === year) ?? list.find((t) => t.year > year) ?? list[list.length - 1]!;
    out.set(id, { year: pick.year, raw: pick.raw, parsed: pick.parsed as Target });
  }
  return out;
}

async function describeSubject(db: Db, r: ReportRow) {
  if (r.indicatorId !== null) {
    const i = (await findIndicatorById(db, r.indicatorId))!;
    return { code: i.code, name: i.name, valueKind: i.valueKind, unitOfMeasure: i.unitOfMeasure };
  }
  const t = (await findTaskById(db, r.taskId!))!;
  return { code: t.code, name: t.name, valueKind: "text" as ValueKind, unitOfMeasure: null };
}

function reportView(r: Pick<ReportRow, "valueNumber" | "valueText" | "taskStatus" | "note" | "revision" | "updatedAt"> & { reporterName: string | null }): ReportView {
  return { valueNumber: r.valueNumber, valueText: r.valueText, taskStatus: r.taskStatus, note: r.note, revision: r.revision, at: r.updatedAt, reporterName: r.reporterName };
}

function reportKey(subjectKey: string, unitId: number, periodKey: string): string {
  return `${subjectKey}|${unitId}|${periodKey}`;
}

/**
 * The reports of these (item, unit, periods) in one query, keyed by reportKey. The query may return
 * a few more rows than asked for (the product of the three lists); only the keys asked for are read.
 * A turn about one item (most are) takes the statement that goes straight down the unique index.
 */
async function reportsOf(db: Db, wanted: { subjectKey: string; unitId: number; periodKeys: string[] }[]): Promise<Map<string, ReportLine>> {
  const periodKeys = [...new Set(wanted.flatMap((w) => w.periodKeys))];
  if (periodKeys.length === 0) return new Map();
  const one = wanted.length === 1 ? wanted[0]! : undefined;
  const rows = one
    ? await reportLinesOfItem(db, one.subjectKey, one.unitId, periodKeys)
    : await reportLines(db, { subjectKeys: [...new Set(wanted.map((w) => w.subjectKey))], unitIds: [...new Set(wanted.map((w) => w.unitId))], periodKeys });
  return new Map(rows.map((r) => [reportKey(r.subjectKey, r.unitId, r.periodKey), r]));
}

async function focalNamesByUnit(db: Db, unitIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const r of await focalPointsOfUnits(db, unitIds)) if (r.unitId !== null) (out.get(r.unitId) ?? out.set(r.unitId, []).get(r.unitId)!).push(r.name);
  return out;
}

function refKey(ref: ItemRef): string {
  return `${ref.subjectType}:${ref.subjectId}:${ref.unitId}`;
}

function subjectKeyOf(a: AssignedItem): string {
  return subjectKey(a.subjectType, a.subjectId);
}
