import { defaultPeriodRules, periodAt, previousPeriod, type Frequency, type PeriodRules, type ReportingPeriod } from "./reporting-period.ts";

/**
 * The open periods of an assignment at `now`, oldest first: the current one, and the one before
 * while it may still be unreported business — but never a period that fell due before the
 * assignment existed (the rule the chat's item lists follow too).
 */
export function openPeriods(frequency: Frequency, itemDueAt: Date | null, assignedAt: Date, now: Date, rules: PeriodRules = defaultPeriodRules): ReportingPeriod[] {
  const current = periodAt(frequency, now, rules, itemDueAt);
  const previous = previousPeriod(frequency, current, rules, itemDueAt);
  return previous && previous.dueAt.getTime() >= assignedAt.getTime() ? [previous, current] : [current];
}
