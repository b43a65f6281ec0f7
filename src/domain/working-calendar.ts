import { VN_OFFSET_MINUTES } from "./vn-time.ts";

/**
 * Working days and quiet hours in Asia/Ho_Chi_Minh: when a reminder may reach someone.
 * Days are handled as "day numbers" (whole local days since 1970-01-01) so that the reminder
 * planner can compare and step through them with integer arithmetic.
 */

const DAY_MS = 86_400_000;
const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;

/** A window of local time-of-day in minutes, [from, to); it wraps past midnight when from > to; empty when equal. */
export interface QuietHours {
  from: number;
  to: number;
}

export interface WorkingCalendar {
  /** Public holidays as local dates "YYYY-MM-DD". */
  holidays: ReadonlySet<string>;
  quiet: QuietHours;
}

export class CalendarError extends Error {
  override name = "CalendarError";
}

/** The local day (whole days since 1970-01-01 in Vietnam) an instant falls on. */
export function localDayNumber(instant: Date | number): number {
  return Math.floor(((typeof instant === "number" ? instant : instant.getTime()) + OFFSET_MS) / DAY_MS);
}

/** Minutes since local midnight. */
export function localMinuteOfDay(instant: Date | number): number {
  const ms = (typeof instant === "number" ? instant : instant.getTime()) + OFFSET_MS;
  return Math.floor((((ms % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}

/** "YYYY-MM-DD" of a day number. */
export function localDateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of "YYYY-MM-DD" (NaN when it is not a real date). */
export function dayOfLocalDate(localDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!m) return Number.NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return localDateOfDay(ms / DAY_MS) === localDate ? ms / DAY_MS : Number.NaN;
}

/** The local date "YYYY-MM-DD" of an instant. */
export function localDateOf(instant: Date | number): string {
  return localDateOfDay(localDayNumber(instant));
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Monday to Friday and not a public holiday. */
export function isWorkingDay(localDate: string, holidays: ReadonlySet<string>): boolean {
  const day = dayOfLocalDate(localDate);
  if (Number.isNaN(day)) throw new CalendarError(`"${localDate}" is not a date; expected YYYY-MM-DD.`);
  const weekday = weekdayOfDay(day);
  return weekday !== 0 && weekday !== 6 && !holidays.has(localDate);
}

/** Same as isWorkingDay, for a day number. */
export function isWorkingDayNumber(day: number, holidays: ReadonlySet<string>): boolean {
  const weekday = weekdayOfDay(day);
  return weekday !== 0 && weekday !== 6 && (holidays.size === 0 || !holidays.has(localDateOfDay(day)));
}

/** The longest range HOLIDAYS may name: longer is a typo (a wrong year), not Tết. */
const MAX_RANGE_DAYS = 60;

/**
 * The HOLIDAYS setting: "2026-04-30,2026-02-14..2026-02-22" → every date it names. Empty text is
 * no holidays. A date that does not exist or a range that runs backwards is refused, naming it.
 */
export function parseHolidays(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const [fromText, toText, extra] = part.split("..").map((s) => s.trim());
    const from = dayOfLocalDate(fromText ?? "");
    const to = toText === undefined ? from : dayOfLocalDate(toText);
    if (extra !== undefined || Number.isNaN(from) || Number.isNaN(to)) {
      throw new CalendarError(`HOLIDAYS: "${part}" is not a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD.`);
    }
    if (to < from) throw new CalendarError(`HOLIDAYS: the range "${part}" ends before it starts.`);
    if (to - from >= MAX_RANGE_DAYS) throw new CalendarError(`HOLIDAYS: the range "${part}" is ${to - from + 1} days long; at most ${MAX_RANGE_DAYS}.`);
    for (let d = from; d <= to; d += 1) out.add(localDateOfDay(d));
  }
  return out;
}

/** QUIET_HOURS "21:00-07:00" → minutes of the day. */
export function parseQuietHours(text: string): QuietHours {
  const m = /^\s*([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-3]):([0-5]\d)\s*$/.exec(text);
  if (!m) throw new CalendarError(`QUIET_HOURS: "${text}" is not HH:MM-HH:MM, e.g. 21:00-07:00.`);
  return { from: Number(m[1]) * 60 + Number(m[2]), to: Number(m[3]) * 60 + Number(m[4]) };
}

/** Whether a local minute of the day is inside the quiet window. */
export function isQuietMinute(minute: number, quiet: QuietHours): boolean {
  if (quiet.from === quiet.to) return false;
  return quiet.from < quiet.to ? minute >= quiet.from && minute < quiet.to : minute >= quiet.from || minute < quiet.to;
}

export function inQuietHours(instant: Date, quiet: QuietHours): boolean {
  return isQuietMinute(localMinuteOfDay(instant), quiet);
}

/**
 * The minute of the day from which the day's reminders go out: `hour`, unless that falls in the
 * quiet hours, in which case the end of the quiet hours (a 06:00 setting with quiet hours until
 * 07:00 sends at 07:00, on the same day).
 */
export function sendingStartMinute(hour: number, quiet: QuietHours): number {
  const minute = hour * 60;
  return isQuietMinute(minute, quiet) ? quiet.to : minute;
}

/**
 * The first instant at or after `instant` when a message may go out: a working day, outside the
 * quiet hours and, when `fromMinute` is given, not before that local time of the day.
 */
export function nextAllowedInstant(instant: Date, calendar: WorkingCalendar, fromMinute = 0): Date {
  const start = localDayNumber(instant);
  const startMinute = localMinuteOfDay(instant);
  // Two years of non-working days in a row is a broken HOLIDAYS setting, not a calendar.
  for (let day = start; day < start + 800; day += 1) {
    if (!isWorkingDayNumber(day, calendar.holidays)) continue;
    const from = day === start ? Math.max(startMinute, fromMinute) : fromMinute;
    const candidate = firstAllowedMinute(from, calendar.quiet);
    if (candidate === undefined) continue;
    // Already allowed as it is: keep the instant's own seconds.
    if (day === start && candidate === startMinute) return new Date(instant);
    return new Date(day * DAY_MS - OFFSET_MS + candidate * 60_000);
  }
  throw new CalendarError("No working day in the next 800 days: check HOLIDAYS.");
}

/** The first minute ≥ `minute` of a day that is outside the quiet hours (undefined: none left that day). */
function firstAllowedMinute(minute: number, quiet: QuietHours): number | undefined {
  if (minute >= 1440) return undefined;
  if (!isQuietMinute(minute, quiet)) return minute;
  // Inside the window: it ends at `to`, which is later today only when `to` is after `minute`.
  return quiet.to > minute ? quiet.to : undefined;
}
