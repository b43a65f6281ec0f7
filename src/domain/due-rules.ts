import { defaultPeriodRules, type PeriodRules } from "./reporting-period.ts";

/**
 * When an item's figures are due: the one rule every deadline in the product follows (the read model
 * and so the exports, the chat's lists and "quá hạn N ngày", the reminders, the cutoff locks).
 *
 * A rule may be set on an item, on its plan or for the province; each level left empty takes the one
 * above it: item → plan → province → built in (16:00 on the 25th; yearly figures 23:59 on 05/12).
 * The monthly-style deadline (day and hour, for monthly, quarterly, half-year and nine-month periods,
 * in the period's last month) and the yearly one (day and month) are resolved separately, each as a
 * pair: a level sets both halves of a pair or neither.
 */

/** A level's own rule, as stored (null: not set at this level). */
export interface DueRule {
  dueDay: number | null;
  dueHour: number | null;
  yearlyDueDay: number | null;
  yearlyDueMonth: number | null;
}

export type DueRuleLevel = "item" | "plan" | "province" | "built_in";

export interface ResolvedPeriodRules {
  rules: PeriodRules;
  /** Where each half comes from: the day and hour, and the yearly day and month. */
  from: { due: DueRuleLevel; yearly: DueRuleLevel };
}

export const noDueRule: DueRule = { dueDay: null, dueHour: null, yearlyDueDay: null, yearlyDueMonth: null };

/** The first day of the month a deadline may fall on: 1–28, so that every month has it. */
export const maxDueDay = 28;

/** An item's period rules: its own, else its plan's, else the province's, else the built-in ones. */
export function resolvePeriodRules(item: DueRule | null | undefined, plan: DueRule | null | undefined, province: DueRule | null | undefined): ResolvedPeriodRules {
  const levels: [DueRuleLevel, DueRule | null | undefined][] = [
    ["item", item],
    ["plan", plan],
    ["province", province],
  ];
  const due = levels.find(([, r]) => r?.dueDay != null && r.dueHour != null);
  const yearly = levels.find(([, r]) => r?.yearlyDueDay != null && r.yearlyDueMonth != null);
  return {
    rules: {
      dueDay: due ? due[1]!.dueDay! : defaultPeriodRules.dueDay,
      dueHour: due ? due[1]!.dueHour! : defaultPeriodRules.dueHour,
      yearlyDueDay: yearly ? yearly[1]!.yearlyDueDay! : defaultPeriodRules.yearlyDueDay,
      yearlyDueMonth: yearly ? yearly[1]!.yearlyDueMonth! : defaultPeriodRules.yearlyDueMonth,
    },
    from: { due: due ? due[0] : "built_in", yearly: yearly ? yearly[0] : "built_in" },
  };
}

/** One string per distinct rule set: the same string is the same deadlines. */
export function periodRulesKey(r: PeriodRules): string {
  return `${r.dueDay}.${r.dueHour}.${r.yearlyDueDay}.${r.yearlyDueMonth}`;
}

/** A deadline day of the month, "1"–"28"; undefined for anything else. */
export function parseDueDay(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,2}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= maxDueDay ? n : undefined;
}

/** A deadline hour, "0"–"23" (also "16h", "16:00", "16h00"); undefined for anything else. */
export function parseDueHour(text: string): number | undefined {
  const m = /^(\d{1,2})(?:\s*(?:h|:)\s*(?:00)?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 23 ? n : undefined;
}

/** A yearly deadline "DD/MM" ("05/12", "31/12"; also "DD-MM"), a day the month has (29/02 refused); undefined otherwise. */
export function parseYearlyDue(text: string): { day: number; month: number } | undefined {
  const m = /^(\d{1,2})[/-](\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const daysIn = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return daysIn !== undefined && day >= 1 && day <= daysIn ? { day, month } : undefined;
}

/** Whether a stored rule holds only values the parsers above accept (both halves of a pair, or neither). */
export function isValidDueRule(r: DueRule): boolean {
  const pair = (a: number | null, b: number | null) => (a === null) === (b === null);
  if (!pair(r.dueDay, r.dueHour) || !pair(r.yearlyDueDay, r.yearlyDueMonth)) return false;
  if (r.dueDay !== null && (parseDueDay(String(r.dueDay)) === undefined || parseDueHour(String(r.dueHour)) === undefined)) return false;
  if (r.yearlyDueDay !== null && !parseYearlyDue(`${r.yearlyDueDay}/${r.yearlyDueMonth}`)) return false;
  return true;
}

/**
 * A change to one level's rule: the day and hour (set, or null to clear: the level above decides
 * again), the yearly day and month (likewise); a part left out is kept.
 */
export interface DueRuleChange {
  due?: { day: number; hour: number } | null;
  yearly?: { day: number; month: number } | null;
}

/**
 * The change a console form or a command line asks for: `clear` clears both pairs; else the day and
 * the hour come together, the yearly date on its own. Undefined when a value is out of range, a
 * half of the pair is missing, or nothing is asked. The console and the CLI both read it so.
 */
export function parseDueRuleChange(input: { day?: string; hour?: string; yearly?: string; clear?: boolean }): DueRuleChange | undefined {
  const given = (t: string | undefined) => t !== undefined && t.trim() !== "";
  if (input.clear) return given(input.day) || given(input.hour) || given(input.yearly) ? undefined : { due: null, yearly: null };
  const change: DueRuleChange = {};
  if (given(input.day) || given(input.hour)) {
    const day = parseDueDay(input.day ?? "");
    const hour = parseDueHour(input.hour ?? "");
    if (day === undefined || hour === undefined) return undefined;
    change.due = { day, hour };
  }
  if (given(input.yearly)) {
    const yearly = parseYearlyDue(input.yearly!);
    if (!yearly) return undefined;
    change.yearly = yearly;
  }
  return change.due || change.yearly ? change : undefined;
}
