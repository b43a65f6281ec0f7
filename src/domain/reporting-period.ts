import type { Frequency } from "./frequency.ts";
import { fromVnParts, toVnParts } from "./vn-time.ts";

export type PeriodKind = "month" | "quarter" | "half_year" | "nine_months" | "year" | "one_off";

export interface ReportingPeriod {
  /** "2026-11", "2026-Q4", "2026-H2", "2026-9M", "2026", "once". */
  key: string;
  kind: PeriodKind;
  year: number;
  /** Month (1–12), quarter (1–4) or half (1–2) within the year, where the kind has one. */
  index?: number;
  /** When the figure for this period is due. */
  dueAt: Date;
}

export interface PeriodRules {
  /** Day of the month figures are due (seeds: "16h00 ngày 25 hàng tháng"). */
  dueDay: number;
  dueHour: number;
  /** Yearly figures: day and month (seed 002: evaluation data by 05/12). */
  yearlyDueDay: number;
  yearlyDueMonth: number;
}

export const defaultPeriodRules: PeriodRules = { dueDay: 25, dueHour: 16, yearlyDueDay: 5, yearlyDueMonth: 12 };

const kindOf: Record<Frequency, PeriodKind> = {
  monthly: "month",
  quarterly: "quarter",
  half_year: "half_year",
  nine_months: "nine_months",
  yearly: "year",
  one_off: "one_off",
};

/**
 * The reporting period that contains an instant, with its due time in Asia/Ho_Chi_Minh.
 * A one-off item has one period, "once", due at the item's own deadline (or never, without one).
 */
export function periodAt(frequency: Frequency, instant: Date, rules: PeriodRules = defaultPeriodRules, itemDueAt?: Date | null): ReportingPeriod {
  const { year, month } = toVnParts(instant);
  const due = (m: number) => fromVnParts({ year, month: m, day: rules.dueDay, hour: rules.dueHour });
  switch (frequency) {
    case "monthly":
      return { key: `${year}-${String(month).padStart(2, "0")}`, kind: "month", year, index: month, dueAt: due(month) };
    case "quarterly": {
      const q = Math.ceil(month / 3);
      return { key: `${year}-Q${q}`, kind: "quarter", year, index: q, dueAt: due(q * 3) };
    }
    case "half_year": {
      const h = month <= 6 ? 1 : 2;
      return { key: `${year}-H${h}`, kind: "half_year", year, index: h, dueAt: due(h * 6) };
    }
    case "nine_months":
      return { key: `${year}-9M`, kind: "nine_months", year, dueAt: due(9) };
    case "yearly":
      return {
        key: `${year}`,
        kind: "year",
        year,
        dueAt: itemDueAt && toVnParts(itemDueAt).year === year ? itemDueAt : fromVnParts({ year, month: rules.yearlyDueMonth, day: rules.yearlyDueDay, hour: 23, minute: 59, second: 59 }),
      };
    case "one_off":
      return { key: "once", kind: kindOf.one_off, year: itemDueAt ? toVnParts(itemDueAt).year : year, dueAt: itemDueAt ?? new Date(8.64e15) };
  }
}

/** The period before the given one (a one-off has none). */
export function previousPeriod(frequency: Frequency, period: ReportingPeriod, rules: PeriodRules = defaultPeriodRules, itemDueAt?: Date | null): ReportingPeriod | undefined {
  const i = period.index ?? 1;
  // A mid-month instant of the previous period; month 0 rolls back to December of the year before.
  const monthInside: Record<Exclude<Frequency, "one_off">, () => { year: number; month: number }> = {
    monthly: () => ({ year: period.year, month: i - 1 }),
    quarterly: () => ({ year: period.year, month: (i - 1) * 3 }),
    half_year: () => ({ year: period.year, month: (i - 1) * 6 }),
    nine_months: () => ({ year: period.year - 1, month: 6 }),
    yearly: () => ({ year: period.year - 1, month: 6 }),
  };
  if (frequency === "one_off") return undefined;
  return periodAt(frequency, fromVnParts({ ...monthInside[frequency](), day: 15, hour: 12 }), rules, itemDueAt);
}

/** "untracked": not reported, due before the plan's "track from" date (src/domain/reporting-duty.ts): never chased. */
export type PeriodStatus = "not_due" | "due_soon" | "overdue" | "reported_on_time" | "reported_late" | "untracked";

/** Where an item stands for a period at `now`; "due soon" is within `soonDays` of the deadline. */
export function periodStatus(period: ReportingPeriod, now: Date, reportedAt: Date | null | undefined, soonDays = 7): PeriodStatus {
  if (reportedAt) return reportedAt.getTime() <= period.dueAt.getTime() ? "reported_on_time" : "reported_late";
  if (now.getTime() > period.dueAt.getTime()) return "overdue";
  return period.dueAt.getTime() - now.getTime() <= soonDays * 86_400_000 ? "due_soon" : "not_due";
}

/** Whole days from a deadline to now, counted on Vietnamese calendar days (1 = due yesterday). */
export function daysOverdue(dueAt: Date, now: Date): number {
  const a = toVnParts(dueAt);
  const b = toVnParts(now);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
