import { achievement } from "./achievement.ts";
import { periodRange } from "./period-range.ts";
import { frequencies, type Frequency } from "./frequency.ts";
import { defaultPeriodRules, periodAt, periodStatus, type PeriodRules, type PeriodStatus, type ReportingPeriod } from "./reporting-period.ts";
import type { Achievement, Target } from "./types.ts";
import { fromVnParts, toVnParts } from "./vn-time.ts";

/**
 * What counts as expected, reported, on time and achieved for one (item, unit, period): the one
 * definition the chat views, reminders, the read API and every export share.
 */

/** The reporting periods of a frequency that lie inside a requested period ("2026" holds 12 months, 4 quarters, one year). */
export function periodsInside(frequency: Frequency, requestedKey: string, itemDueAt: Date | null, rules: PeriodRules): ReportingPeriod[] {
  const range = periodRange(requestedKey);
  if (!range) return [];
  if (frequency === "one_off") {
    const once = periodAt("one_off", new Date(0), rules, itemDueAt);
    if (requestedKey === "once") return [once];
    if (!itemDueAt) return [];
    const due = localDate(itemDueAt);
    return due >= range.startsOn && due <= range.endsOn ? [once] : [];
  }
  if (requestedKey === "once") return [];
  const out: ReportingPeriod[] = [];
  const [y0, m0] = range.startsOn.split("-").map(Number) as [number, number];
  const [y1, m1] = range.endsOn.split("-").map(Number) as [number, number];
  for (let y = y0, m = m0; y < y1 || (y === y1 && m <= m1); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const p = periodAt(frequency, fromVnParts({ year: y, month: m, day: 15, hour: 12 }), rules, itemDueAt);
    if (out.some((o) => o.key === p.key)) continue;
    const r = periodRange(p.key);
    if (r && r.startsOn >= range.startsOn && r.endsOn <= range.endsOn) out.push(p);
  }
  return out;
}

/**
 * The frequencies that can have a reporting period inside a requested one (a month holds only
 * monthly periods; "once" only one-off ones). One-off items count whenever the key is known: whether
 * their deadline falls inside depends on the item. Recurring periods do not depend on the item.
 */
export function frequenciesInside(requestedKey: string): Frequency[] {
  if (!periodRange(requestedKey)) return [];
  // Which periods lie inside does not depend on the due rules (only their deadlines do).
  return frequencies.filter((f) => f === "one_off" || periodsInside(f, requestedKey, null, defaultPeriodRules).length > 0);
}

/** The target a period's figure is judged against: that year's horizon, else the nearest later one, else the latest. */
export function targetForYear<T extends { year: number }>(targets: readonly T[], year: number): T | undefined {
  const sorted = [...targets].sort((a, b) => a.year - b.year);
  return sorted.find((t) => t.year === year) ?? sorted.find((t) => t.year > year) ?? sorted.at(-1);
}

/** "vượt" (better than needed), "đạt", "chưa đạt", or nothing to compare. */
export type AchievementLabel = "exceeded" | "met" | "not_met" | "na";

export function achievementLabel(a: Achievement | null): AchievementLabel {
  if (!a || a.status === "na") return "na";
  if (a.status === "not_met") return "not_met";
  return a.margin !== undefined && a.margin > 0 ? "exceeded" : "met";
}

/** Achievement of a reported value against a target; none without both. */
export function achievementOf(target: Target | null | undefined, value: number | string | null): Achievement | null {
  if (!target || value === null || value === "") return null;
  return achievement(target, value);
}

export type ReportingState = PeriodStatus;

/** Where a (item, unit, period) stands: on time / late by its first report, else overdue, due soon or not yet due. */
export function reportingState(period: Pick<ReportingPeriod, "dueAt">, now: Date, firstReportedAt: Date | null): ReportingState {
  return periodStatus(period as ReportingPeriod, now, firstReportedAt);
}

/** A period is expected of an assignment unless it fell due before the assignment existed (the open-periods rule). */
export function isExpected(period: Pick<ReportingPeriod, "dueAt">, assignedAt: Date | number): boolean {
  return period.dueAt.getTime() >= (typeof assignedAt === "number" ? assignedAt : assignedAt.getTime());
}

function localDate(instant: Date): string {
  const p = toVnParts(instant);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}
