import {
  isQuietMinute,
  isWorkingDayNumber,
  localDateOfDay,
  dayOfLocalDate,
  localDayNumber,
  localMinuteOfDay,
  sendingStartMinute,
  type QuietHours,
} from "./working-calendar.ts";

export type ReminderKind = "before" | "due_day" | "overdue" | "escalation";

/** A reminder already queued (a reminder_deliveries row) for one item-period. */
export interface SentReminder {
  personId: number;
  kind: ReminderKind;
  /** Days before the deadline for "before", else 0. */
  offsetDays: number;
  /** Local date it was queued for, "YYYY-MM-DD". */
  localDate: string;
}

/** One item (indicator or task) of one unit for one reporting period, with who answers for it. */
export interface AssignmentPeriod {
  /** The unit's focal points: who reports it and gets its reminders. */
  personIds: readonly number[];
  /** The unit's heads (or the nearest ancestor unit's): who hears when it is overdue. */
  headPersonIds: readonly number[];
  subjectKey: string;
  unitId: number;
  periodKey: string;
  dueAt: Date;
  reported: boolean;
  closed: boolean;
  /** The reminders already queued for this item-period (to anyone); absent = none. */
  sent?: readonly SentReminder[];
}

export interface Snooze {
  personId: number;
  /** null = every reminder of the person. */
  subjectKey: string | null;
  /** With a subjectKey: that item of this unit only (null = of any unit). */
  unitId: number | null;
  until: Date;
}

export interface ReminderRules {
  /** Days before the deadline, e.g. [7, 3, 1]. */
  offsetsDays: readonly number[];
  /** Local hour the day's reminders go out. */
  reminderHour: number;
  overdueEveryWorkingDays: number;
  overdueMax: number;
  escalateAfterDays: number;
  quiet: QuietHours;
  holidays: ReadonlySet<string>;
  snoozes: readonly Snooze[];
}

export interface ReminderLine<A extends AssignmentPeriod = AssignmentPeriod> {
  subjectKey: string;
  unitId: number;
  periodKey: string;
  kind: Exclude<ReminderKind, "escalation">;
  offsetDays: number;
  dueAt: Date;
  /** Local calendar days past the deadline's day (0 when not overdue). */
  daysOverdue: number;
  source: A;
}

export interface EscalationLine<A extends AssignmentPeriod = AssignmentPeriod> {
  subjectKey: string;
  unitId: number;
  periodKey: string;
  dueAt: Date;
  daysOverdue: number;
  /** Who owes it: the item's focal points (may be empty). */
  focalPersonIds: readonly number[];
  source: A;
}

export interface ReminderPlan<A extends AssignmentPeriod = AssignmentPeriod> {
  /** The local date of the tick, "YYYY-MM-DD". */
  localDate: string;
  /** False when the tick is in quiet hours, before the reminder hour, or not on a working day: nothing is planned. */
  sendingMoment: boolean;
  reminders: { personId: number; lines: ReminderLine<A>[] }[];
  escalations: { personId: number; lines: EscalationLine<A>[] }[];
  /** Lines held back by a snooze. */
  snoozed: number;
}

/**
 * The reminders due in THIS tick, one group per person (a digest, never a message per item), and
 * the escalations per unit head. Pure and allocation-light: it is the part that scales with the
 * number of assignment-periods (bench/reminders.ts).
 *
 * The rules, in local time (Asia/Ho_Chi_Minh):
 * - Nothing goes out in the quiet hours, on weekends or holidays, or before the reminder hour.
 * - "before" reminders are due at the reminder hour `k` days before the deadline's day, for each
 *   offset; the due-day one at the reminder hour of the deadline's day, when that is before the
 *   deadline. One on a non-working day moves to the next working day; if that would be the
 *   deadline's day too late, or after it, it moves back to the last working day before instead.
 *   Reminders that land on the same day merge, the nearest to the deadline winning. A tick sends the
 *   latest one that has fallen due and was not sent yet, so a missed tick (a restart) is made up
 *   and an earlier one overtaken by a later one is never sent late.
 * - Overdue: the first working day after the deadline's day, then every N working days after the
 *   last one sent, at most `overdueMax` times.
 * - Escalation: once per item-period and head, when the deadline's day is at least
 *   `escalateAfterDays` calendar days ago.
 * - Nothing for an item once it is reported or its period is closed; nothing a snooze covers.
 */
export function planReminders<A extends AssignmentPeriod>(items: readonly A[], now: Date, rules: ReminderRules): ReminderPlan<A> {
  const today = localDayNumber(now);
  const minute = localMinuteOfDay(now);
  const startMinute = sendingStartMinute(rules.reminderHour, rules.quiet);
  const plan: ReminderPlan<A> = { localDate: localDateOfDay(today), sendingMoment: false, reminders: [], escalations: [], snoozed: 0 };
  if (minute < startMinute || isQuietMinute(minute, rules.quiet) || !isWorkingDayNumber(today, rules.holidays)) return plan;
  plan.sendingMoment = true;

  const nowMs = now.getTime();
  const calendar = cachedWorkingDays(today, rules.holidays);
  const offsets = [...new Set(rules.offsetsDays)].filter((k) => k > 0).sort((a, b) => b - a);
  // Beyond this many days before the deadline no reminder slot can have fallen due yet.
  const horizon = (offsets[0] ?? 0) + calendar.longestBreak + 1;
  const snoozes = activeSnoozes(rules.snoozes, nowMs);
  const reminders = new Map<number, ReminderLine<A>[]>();
  const escalations = new Map<number, EscalationLine<A>[]>();

  for (const item of items) {
    if (item.reported || item.closed) continue;
    const dueMs = item.dueAt.getTime();
    const dueDay = localDayNumber(dueMs);
    if (dueDay - today > horizon) continue;

    if (nowMs < dueMs) {
      if (item.personIds.length === 0) continue;
      const slot = currentSlot(dueDay, localMinuteOfDay(dueMs), today, offsets, startMinute, calendar);
      if (slot === undefined) continue;
      for (const personId of item.personIds) {
        if (sentSlot(item.sent, personId, slot)) continue;
        if (snoozes && isSnoozed(snoozes, personId, item)) {
          plan.snoozed += 1;
          continue;
        }
        push(reminders, personId, { subjectKey: item.subjectKey, unitId: item.unitId, periodKey: item.periodKey, kind: slot === 0 ? "due_day" : "before", offsetDays: slot, dueAt: item.dueAt, daysOverdue: 0, source: item });
      }
      continue;
    }

    const daysOverdue = today - dueDay;
    if (daysOverdue > 0 && rules.overdueMax > 0) {
      for (const personId of item.personIds) {
        if (!overdueDue(item.sent, personId, today, rules, calendar)) continue;
        if (snoozes && isSnoozed(snoozes, personId, item)) {
          plan.snoozed += 1;
          continue;
        }
        push(reminders, personId, { subjectKey: item.subjectKey, unitId: item.unitId, periodKey: item.periodKey, kind: "overdue", offsetDays: 0, dueAt: item.dueAt, daysOverdue, source: item });
      }
    }
    if (daysOverdue >= rules.escalateAfterDays) {
      for (const headId of item.headPersonIds) {
        if (item.sent?.some((s) => s.personId === headId && s.kind === "escalation")) continue;
        if (snoozes && isSnoozed(snoozes, headId, item)) {
          plan.snoozed += 1;
          continue;
        }
        push(escalations, headId, { subjectKey: item.subjectKey, unitId: item.unitId, periodKey: item.periodKey, dueAt: item.dueAt, daysOverdue, focalPersonIds: item.personIds, source: item });
      }
    }
  }

  plan.reminders = [...reminders].sort((a, b) => a[0] - b[0]).map(([personId, lines]) => ({ personId, lines }));
  plan.escalations = [...escalations].sort((a, b) => a[0] - b[0]).map(([personId, lines]) => ({ personId, lines }));
  return plan;
}

/** How long before the day's first sending moment the tick builds the day's plan ahead (see plansAhead). */
export const PLAN_AHEAD_MINUTES = 60;

/**
 * Whether a tick at `now` falls in the hour before the first sending moment of a working day: the
 * tick then builds the day's plan ahead (reads every open assignment-period), so that the sending
 * moment itself only picks the lines due out of it.
 */
export function plansAhead(now: Date, rules: Pick<ReminderRules, "reminderHour" | "quiet" | "holidays">): boolean {
  const minute = localMinuteOfDay(now);
  const startMinute = sendingStartMinute(rules.reminderHour, rules.quiet);
  return minute < startMinute && minute >= startMinute - PLAN_AHEAD_MINUTES && isWorkingDayNumber(localDayNumber(now), rules.holidays);
}

/**
 * The day's first sending moment (the reminder hour, or the end of quiet hours covering it) of the local
 * day of `now`: a tick that plans ahead (plansAhead) plans for it. The planner's answer is the same for
 * any later instant of that day until a deadline passes, a snooze changes or the items do (the tick's
 * kept plan, src/services/reminders.ts, is dropped on each).
 */
export function firstSendingMoment(now: Date, rules: Pick<ReminderRules, "reminderHour" | "quiet">): Date {
  const ms = now.getTime();
  const minuteStart = ms - (((ms % 60_000) + 60_000) % 60_000);
  return new Date(minuteStart + (sendingStartMinute(rules.reminderHour, rules.quiet) - localMinuteOfDay(now)) * 60_000);
}

/**
 * The reminder slot (offset in days; 0 = the due day) that is current at `today`, or undefined
 * when none has fallen due yet. Offsets come farthest first, so slot days never decrease; on a tie
 * the nearer offset (seen later) wins.
 */
function currentSlot(dueDay: number, dueMinute: number, today: number, offsets: readonly number[], startMinute: number, calendar: WorkingDays): number | undefined {
  // A reminder on the deadline's day itself is only useful when it goes out before the deadline.
  const dueDayUsable = startMinute < dueMinute;
  const withDueDay = dueDayUsable || !calendar.isWorking(dueDay);
  let current: number | undefined;
  for (let i = 0, n = offsets.length + (withDueDay ? 1 : 0); i < n; i += 1) {
    const k = i < offsets.length ? offsets[i]! : 0;
    const nominal = dueDay - k;
    let day = calendar.next(nominal);
    if (day > dueDay || (day === dueDay && !dueDayUsable)) day = calendar.previous(nominal);
    if (day > today) break;
    current = k;
  }
  return current;
}

/** Whether this slot, or a nearer one, was already sent to the person for this item-period. */
function sentSlot(sent: readonly SentReminder[] | undefined, personId: number, slot: number): boolean {
  if (!sent) return false;
  for (const s of sent) {
    if (s.personId === personId && (s.kind === "before" || s.kind === "due_day") && s.offsetDays <= slot) return true;
  }
  return false;
}

/** Overdue cadence: the first working day after the deadline's day, then every N working days, at most M. */
function overdueDue(sent: readonly SentReminder[] | undefined, personId: number, today: number, rules: ReminderRules, calendar: WorkingDays): boolean {
  let count = 0;
  let last = Number.NEGATIVE_INFINITY;
  if (sent) {
    for (const s of sent) {
      if (s.personId !== personId || s.kind !== "overdue") continue;
      count += 1;
      const day = dayOfLocalDate(s.localDate);
      if (day > last) last = day;
    }
  }
  if (count >= rules.overdueMax) return false;
  return count === 0 || calendar.workingDaysBetween(last, today) >= rules.overdueEveryWorkingDays;
}

function isSnoozed(snoozes: Map<number, Snooze[]>, personId: number, item: AssignmentPeriod): boolean {
  const list = snoozes.get(personId);
  if (!list) return false;
  return list.some((s) => s.subjectKey === null || (s.subjectKey === item.subjectKey && (s.unitId === null || s.unitId === item.unitId)));
}

function activeSnoozes(snoozes: readonly Snooze[], nowMs: number): Map<number, Snooze[]> | undefined {
  let out: Map<number, Snooze[]> | undefined;
  for (const s of snoozes) {
    if (s.until.getTime() <= nowMs) continue;
    out ??= new Map();
    push(out, s.personId, s);
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface WorkingDays {
  isWorking(day: number): boolean;
  /** The first working day on or after `day`. */
  next(day: number): number;
  /** The last working day on or before `day`. */
  previous(day: number): number;
  /** Working days in (from, to]: 0 when to ≤ from. */
  workingDaysBetween(from: number, to: number): number;
  /** The longest run of non-working days in the window (a weekend is 2; Tết with its weekends ~9). */
  longestBreak: number;
}

/** The last calendar built: ticks of the same day (every 5 minutes) reuse it. */
let lastCalendar: { today: number; holidays: ReadonlySet<string>; days: WorkingDays } | undefined;

function cachedWorkingDays(today: number, holidays: ReadonlySet<string>): WorkingDays {
  if (lastCalendar?.today !== today || lastCalendar.holidays !== holidays) lastCalendar = { today, holidays, days: workingDays(today, holidays) };
  return lastCalendar.days;
}

/** How far back an overdue reminder's date is looked up, and forward a deadline; beyond, answers are clamped. */
const BACK_DAYS = 800;
const AHEAD_DAYS = 400;

/**
 * The working days around `today` as arrays, built once per plan (about a thousand days) so that
 * each item costs a few array reads instead of date arithmetic.
 */
function workingDays(today: number, holidays: ReadonlySet<string>): WorkingDays {
  const first = today - BACK_DAYS;
  const size = BACK_DAYS + AHEAD_DAYS + 1;
  const working = new Uint8Array(size);
  const cumulative = new Int32Array(size);
  let longestBreak = 0;
  let run = 0;
  for (let i = 0, total = 0; i < size; i += 1) {
    const w = isWorkingDayNumber(first + i, holidays);
    working[i] = w ? 1 : 0;
    if (w) total += 1;
    cumulative[i] = total;
    run = w ? 0 : run + 1;
    if (run > longestBreak) longestBreak = run;
  }
  const at = (day: number) => Math.min(size - 1, Math.max(0, day - first));
  const isWorking = (day: number) => (day - first >= 0 && day - first < size ? working[day - first] === 1 : isWorkingDayNumber(day, holidays));
  return {
    isWorking,
    longestBreak,
    next(day) {
      let d = day;
      while (!isWorking(d)) d += 1;
      return d;
    },
    previous(day) {
      let d = day;
      while (!isWorking(d)) d -= 1;
      return d;
    },
    workingDaysBetween(from, to) {
      if (to <= from) return 0;
      if (from < first) return Number.POSITIVE_INFINITY;
      return cumulative[at(to)]! - cumulative[at(from)]!;
    },
  };
}
