import { periodRange } from "./period-range.ts";
import type { Frequency } from "./frequency.ts";
import { periodAt, type PeriodRules } from "./reporting-period.ts";
import { fromVnParts } from "./vn-time.ts";

/**
 * What counts as reported, on time, late and locked: the one definition the chat, reminders, the
 * read model and the exports share. With approval off (a plan's default) every report counts, as
 * before approval existed; with approval on only an approved one does.
 */

export const figureStatuses = ["submitted", "approved", "returned"] as const;
export type FigureStatus = (typeof figureStatuses)[number];

export interface FigureFacts {
  figureStatus: FigureStatus;
}

/** Whether a report counts as reported for its (item, unit, period). */
export function countsAsReported(report: FigureFacts | null | undefined, approvalRequired: boolean): boolean {
  if (!report) return false;
  return !approvalRequired || report.figureStatus === "approved";
}

/** Whether a report has been sent at all ("đã nộp"), approved or not (a returned one is back with its sender). */
export function countsAsSubmitted(report: FigureFacts | null | undefined): boolean {
  return !!report && report.figureStatus !== "returned";
}

/** On time is judged by the first report of the period, whatever happened to it after. */
export function isOnTime(firstReportedAt: Date, dueAt: Date): boolean {
  return firstReportedAt.getTime() <= dueAt.getTime();
}

export interface LockRules {
  approvalRequired: boolean;
  lockAfterDays: number;
}

export interface PeriodLockRow {
  closedAt: Date | null;
  reopenedAt: Date | null;
}

/**
 * Whether chat may no longer change a figure of this period: a coordinator closed it, or — for a
 * plan with approval on — its deadline is `lockAfterDays` days past and nobody reopened it since.
 * A late figure before that moment is accepted and marked late.
 */
export function isLocked(row: PeriodLockRow | undefined, dueAt: Date | null, plan: LockRules, now: Date): boolean {
  if (row?.closedAt) return true;
  if (!plan.approvalRequired || !dueAt || row?.reopenedAt) return false;
  return now.getTime() >= lockAt(dueAt, plan.lockAfterDays).getTime();
}

/** The moment the cutoff lock takes a period whose deadline is dueAt. */
export function lockAt(dueAt: Date, lockAfterDays: number): Date {
  return new Date(dueAt.getTime() + lockAfterDays * 86_400_000);
}

const frequencyOfKind: Record<string, Frequency> = { month: "monthly", quarter: "quarterly", half_year: "half_year", nine_months: "nine_months", year: "yearly" };

/**
 * The deadline of a period key under an item's rules ("2026-11" → 16:00 on 25 November under the
 * built-in ones; src/services/due-rules.ts gives an item's); null for one-off items ("once").
 */
export function dueAtOfPeriodKey(key: string, rules: PeriodRules): Date | null {
  const range = periodRange(key);
  const frequency = range ? frequencyOfKind[range.kind] : undefined;
  if (!range || !frequency) return null;
  const [y, m] = range.endsOn.split("-").map(Number) as [number, number];
  const p = periodAt(frequency, fromVnParts({ year: y, month: m, day: 1, hour: 12 }), rules);
  return p.key === key ? p.dueAt : null;
}
