import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { findInviteCode } from "../../db/repositories/people-repository.ts";
import { closedPeriodKeys, recentReportsOf, reportsFor, type ReportRow } from "../../db/repositories/reports-repository.ts";
import { findUnitById, listUnits, unitSubtreeIds } from "../../db/repositories/units-repository.ts";
import { assignments, indicators, people, personRoles, targets, tasks } from "../../db/schema.ts";
import type { ChatLookups, ItemView, OverdueLine, PeriodView, RecentReport, ReportView, UnitProgress } from "../chat/context.ts";
import { achievement } from "../domain/achievement.ts";
import { daysOverdue, defaultPeriodRules, periodAt, periodStatus, previousPeriod, type PeriodRules, type ReportingPeriod } from "../domain/reporting-period.ts";
import type { Target, ValueKind } from "../domain/types.ts";
import { toVnParts } from "../domain/vn-time.ts";
import { itemsAssignedToPerson, itemsAssignedToUnits, type AssignedItem } from "./assignments.ts";

/**
 * The chat core's read side over SQLite: what is assigned, the open periods with their status,
 * reports, and the views for heads and coordinators.
 */
export function createChatLookups(db: Db, now: Date, rules: PeriodRules = defaultPeriodRules): ChatLookups {
  const closed = closedPeriodKeys(db);
  const describe = itemDescriber(db, toVnParts(now).year);

  const itemViews = (assigned: AssignedItem[]): ItemView[] =>
    assigned.map((a) => {
      const d = describe(a);
      const created = assignmentCreatedAt(db, a.assignmentId);
      const periods = openPeriods(a, d.dueAt, created, now, rules);
      const reports = new Map(reportsFor(db, subjectKeyOf(a), a.unitId, periods.map((p) => p.key)).map((r) => [r.periodKey, r]));
      return {
        ref: { subjectType: a.subjectType, subjectId: a.subjectId, unitId: a.unitId },
        code: a.code,
        name: a.name,
        nameKey: d.nameKey,
        plan: a.plan,
        unitName: a.unit,
        valueKind: d.valueKind,
        unitOfMeasure: d.unitOfMeasure,
        target: d.target,
        periods: periods.map((p): PeriodView => {
          const r = reports.get(p.key);
          return { key: p.key, dueAt: p.dueAt, closed: closed.has(p.key), status: periodStatus(p, now, r?.createdAt ?? null), report: r ? reportView(r) : null };
        }),
      };
    });

  const progressOf = (unitId: number, unitName: string): UnitProgress => {
    const items = itemViews(itemsAssignedToUnits(db, [unitId]));
    const p: UnitProgress = { unitId, unitName, periodKey: null, expected: 0, reported: 0, met: 0, notMet: 0, overdue: 0 };
    for (const item of items) {
      const period = item.periods[item.periods.length - 1];
      if (!period) continue;
      p.periodKey ??= period.key;
      p.expected += 1;
      if (item.periods.some((x) => !x.report && x.status === "overdue")) p.overdue += 1;
      if (!period.report) continue;
      p.reported += 1;
      if (item.target && period.report.valueNumber !== null) {
        const a = achievement(item.target.parsed, period.report.valueNumber);
        if (a.status === "met") p.met += 1;
        else if (a.status === "not_met") p.notMet += 1;
      }
    }
    return p;
  };

  return {
    checkInvite(code) {
      const invite = findInviteCode(db, code.toUpperCase());
      if (!invite) return { status: "unknown" };
      if (invite.usedAt) return { status: "used" };
      if (invite.expiresAt.getTime() <= now.getTime()) return { status: "expired" };
      const person = db.select().from(people).where(eq(people.id, invite.personId)).get();
      return person ? { status: "ok", personId: person.id, personName: person.name } : { status: "unknown" };
    },

    itemsForPerson: (personId) => itemViews(itemsAssignedToPerson(db, personId)),

    recentReports(personId, limit) {
      const person = db.select().from(people).where(eq(people.id, personId)).get();
      const rows = recentReportsOf(db, personId, person?.unitId ?? null, limit);
      return rows.map((r): RecentReport => {
        const d = describeSubject(db, r);
        return {
          ref: { subjectType: r.indicatorId !== null ? "indicator" : "task", subjectId: (r.indicatorId ?? r.taskId)!, unitId: r.unitId },
          code: d.code,
          name: d.name,
          valueKind: d.valueKind,
          unitOfMeasure: d.unitOfMeasure,
          periodKey: r.periodKey,
          periodClosed: closed.has(r.periodKey),
          report: reportView({ ...r, reporterName: null }),
        };
      });
    },

    overdueForUnit(unitId) {
      const unitIds = unitSubtreeIds(db, unitId);
      const focal = focalNamesByUnit(db, unitIds);
      const out: OverdueLine[] = [];
      for (const item of itemViews(itemsAssignedToUnits(db, unitIds))) {
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

    progressForUnit(unitId) {
      return unitSubtreeIds(db, unitId)
        .map((id) => progressOf(id, findUnitById(db, id)?.name ?? String(id)))
        .filter((p) => p.expected > 0);
    },

    provinceProgress() {
      return listUnits(db)
        .map((u) => progressOf(u.id, u.name))
        .filter((p) => p.expected > 0)
        .sort((a, b) => a.unitName.localeCompare(b.unitName, "vi"));
    },
  };
}

/**
 * The open periods of an assignment: the current one, and the one before while it is still
 * unreported business — but never a period that was due before the assignment existed.
 */
function openPeriods(a: AssignedItem, itemDueAt: Date | null, createdAt: Date, now: Date, rules: PeriodRules): ReportingPeriod[] {
  const current = periodAt(a.frequency, now, rules, itemDueAt);
  const previous = previousPeriod(a.frequency, current, rules, itemDueAt);
  return previous && previous.dueAt.getTime() >= createdAt.getTime() ? [previous, current] : [current];
}

interface Described {
  nameKey: string;
  valueKind: ValueKind;
  unitOfMeasure: string | null;
  dueAt: Date | null;
  target: ItemView["target"];
}

function itemDescriber(db: Db, year: number): (a: AssignedItem) => Described {
  const cache = new Map<string, Described>();
  return (a) => {
    const key = subjectKeyOf(a);
    const hit = cache.get(key);
    if (hit) return hit;
    let d: Described;
    if (a.subjectType === "indicator") {
      const i = db.select().from(indicators).where(eq(indicators.id, a.subjectId)).get()!;
      d = { nameKey: i.nameKey, valueKind: i.valueKind, unitOfMeasure: i.unitOfMeasure, dueAt: i.dueAt, target: targetFor(db, i.id, year) };
    } else {
      const t = db.select().from(tasks).where(eq(tasks.id, a.subjectId)).get()!;
      d = { nameKey: t.nameKey, valueKind: "text", unitOfMeasure: null, dueAt: t.dueAt, target: null };
    }
    cache.set(key, d);
    return d;
  };
}

/** The target for this year's horizon; else the nearest later one; else the latest. */
function targetFor(db: Db, indicatorId: number, year: number): ItemView["target"] {
  const rows = db.select().from(targets).where(eq(targets.indicatorId, indicatorId)).orderBy(targets.year, targets.level).all();
  if (rows.length === 0) return null;
  const pick = rows.find((t) => t.year === year) ?? rows.find((t) => t.year > year) ?? rows[rows.length - 1]!;
  return { year: pick.year, raw: pick.raw, parsed: pick.parsed as Target };
}

function describeSubject(db: Db, r: ReportRow) {
  if (r.indicatorId !== null) {
    const i = db.select().from(indicators).where(eq(indicators.id, r.indicatorId)).get()!;
    return { code: i.code, name: i.name, valueKind: i.valueKind, unitOfMeasure: i.unitOfMeasure };
  }
  const t = db.select().from(tasks).where(eq(tasks.id, r.taskId!)).get()!;
  return { code: t.code, name: t.name, valueKind: "text" as ValueKind, unitOfMeasure: null };
}

function reportView(r: ReportRow & { reporterName: string | null }): ReportView {
  return { valueNumber: r.valueNumber, valueText: r.valueText, taskStatus: r.taskStatus, note: r.note, revision: r.revision, at: r.updatedAt, reporterName: r.reporterName };
}

function assignmentCreatedAt(db: Db, id: number): Date {
  return db.select({ createdAt: assignments.createdAt }).from(assignments).where(eq(assignments.id, id)).get()?.createdAt ?? new Date(0);
}

function focalNamesByUnit(db: Db, unitIds: number[]): Map<number, string[]> {
  const rows = db
    .select({ unitId: people.unitId, name: people.name })
    .from(people)
    .innerJoin(personRoles, and(eq(personRoles.personId, people.id), eq(personRoles.role, "focal_point")))
    .where(inArray(people.unitId, unitIds))
    .all();
  const out = new Map<number, string[]>();
  for (const r of rows) if (r.unitId !== null) (out.get(r.unitId) ?? out.set(r.unitId, []).get(r.unitId)!).push(r.name);
  return out;
}

function subjectKeyOf(a: AssignedItem): string {
  return `${a.subjectType === "indicator" ? "i" : "t"}:${a.subjectId}`;
}
