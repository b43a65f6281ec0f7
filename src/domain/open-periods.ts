import { frequencies, type Frequency } from "./frequency.ts";
import { periodRulesKey } from "./due-rules.ts";
import { defaultPeriodRules, periodAt, previousPeriod, type PeriodRules, type ReportingPeriod } from "./reporting-period.ts";

/**
 * The open periods of an assignment at `now`, oldest first: the current one, and the one before
 * while it may still be unreported business — but never a period that fell due before the
 * assignment existed. The one rule the chat's item lists, the views and the reminders follow.
 */
export function openPeriods(frequency: Frequency, itemDueAt: Date | null, assignedAt: Date, now: Date, rules: PeriodRules): ReportingPeriod[] {
  return sinceAssigned(candidatePeriods(frequency, itemDueAt, now, rules), assignedAt);
}

/**
 * openPeriods for many assignments at one instant: most share a frequency, deadline and due rules
 * (the item's, src/domain/due-rules.ts), so the periods are worked out once per (frequency, deadline,
 * rules) and only the "existed before the previous deadline" test is made per assignment. The arrays
 * returned may be shared: read them, do not change them.
 */
export function openPeriodsAt(now: Date): (frequency: Frequency, itemDueAt: Date | null, assignedAt: Date, rules: PeriodRules) => ReportingPeriod[] {
  const memo = new Map<string, ReportingPeriod[]>();
  return (frequency, itemDueAt, assignedAt, rules) => {
    const key = `${frequency}|${itemDueAt?.getTime() ?? ""}|${periodRulesKey(rules)}`;
    let both = memo.get(key);
    if (!both) memo.set(key, (both = candidatePeriods(frequency, itemDueAt, now, rules)));
    return sinceAssigned(both, assignedAt);
  };
}

/** The current period and, where the frequency has one, the one before it. */
function candidatePeriods(frequency: Frequency, itemDueAt: Date | null, now: Date, rules: PeriodRules): ReportingPeriod[] {
  const current = periodAt(frequency, now, rules, itemDueAt);
  const previous = previousPeriod(frequency, current, rules, itemDueAt);
  return previous ? [previous, current] : [current];
}

function sinceAssigned(periods: ReportingPeriod[], assignedAt: Date): ReportingPeriod[] {
  return periods.length === 2 && periods[0]!.dueAt.getTime() < assignedAt.getTime() ? periods.slice(1) : periods;
}

/**
 * Every period key an assignment of any frequency may have open at `now` (openPeriods: the current
 * period and the one before), and "once" for one-off items. Whatever concerns other periods — the
 * reminders already sent for them — no longer decides anything. Keys do not depend on the due rules.
 */
export function openPeriodKeys(now: Date): string[] {
  const keys = new Set<string>(["once"]);
  for (const f of frequencies) if (f !== "one_off") for (const p of candidatePeriods(f, null, now, defaultPeriodRules)) keys.add(p.key);
  return [...keys];
}
