import { cleanCellText } from "./clean-cell-text.ts";
import { stripDiacritics } from "./search-key.ts";
import type { Deadline } from "./types.ts";
import { daysInMonth, endOfVnDay, fromVnParts, toVnParts } from "./vn-time.ts";

export interface ParseDeadlineOptions {
  /** Year for "Quý II", "tháng 12", "trước ngày 31/12" when the cell leaves it out (the plan's year). */
  defaultYear?: number;
}

/**
 * Reads a deadline cell ("Thời hạn") or a deadline phrase from a plan's body.
 *
 * Rules decided here:
 * - Every dated kind is due at the END of its period in Asia/Ho_Chi_Minh (23:59:59 local), and
 *   "trước ngày 31/3/2026" ("before the 31st") is still due at the end of 31/3: officials read it
 *   as "by", and a report on the 31st is not chased as late. A time of day in the phrase
 *   ("trước 16h00 ngày 25/12/2026") sets the due time instead.
 * - When a phrase holds several dates ("từ 01/3/2026 đến 30/6/2026"), the last one is the deadline.
 * - "6 tháng đầu năm 2026" / "9 tháng năm 2026" are due at the end of June / September (month kind);
 *   "6 tháng cuối năm 2026" and "giai đoạn 2026-2030" are due at the end of the last year.
 * - "ngày 25 hàng tháng" / "ngày 05/12 hằng năm" are recurring; a recurring rule without a time
 *   of day is due at 23:59:59. "Hằng năm", "hàng tháng", "định kỳ" alone name no date, so they
 *   read as continuous, like "Thường xuyên".
 * - A year followed by "duy trì", "thường xuyên", "hằng năm"... is `thenContinuous`.
 * - "Quý II", "tháng 12", "31/12" without a year use opts.defaultYear, or give "none" without it.
 * - A phrase that defers to a document ("Thực hiện theo Kế hoạch 215/KH-UBND ngày 31/12/2025",
 *   "Theo hướng dẫn của Trung ương") is "none": its date belongs to the document. So is anything
 *   else we cannot read, and "".
 */
export function parseDeadline(raw: string, opts: ParseDeadlineOptions = {}): Deadline {
  const t = stripDiacritics(cleanCellText(raw)).toLowerCase();
  if (t === "" || REFERS_TO_DOCUMENT.test(t)) return { kind: "none", raw };
  const time = readTimeOfDay(t);
  const defaultYear = opts.defaultYear;

  const monthly = readMonthlyDay(t);
  if (monthly !== undefined) {
    return { kind: "recurring", raw, frequency: "monthly", day: monthly, ...(time ?? END_OF_DAY) };
  }

  if (/\b(?:hang|moi) nam\b/.test(t)) {
    const dm = readDayMonth(t);
    if (dm) return { kind: "recurring", raw, frequency: "yearly", month: dm.month, day: dm.day, ...(time ?? END_OF_DAY) };
  }

  const date = readFullDate(t);
  if (date) return dateDeadline(raw, date.year, date.month, date.day, time);

  const quarter = readQuarter(t, defaultYear);
  if (quarter) {
    const dueAt = endOfVnDay(quarter.year, quarter.quarter * 3, daysInMonth(quarter.year, quarter.quarter * 3)).toISOString();
    return { kind: "quarter", raw, year: quarter.year, quarter: quarter.quarter, dueAt };
  }

  const part = /\b(6|9) thang (dau|cuoi)?\s*(?:nam\s+)?(\d{4})\b/.exec(t);
  if (part && part[2] !== "cuoi") return monthDeadline(raw, Number(part[3]), Number(part[1]));

  const month = readMonthYear(t) ?? withYear(readBareMonth(t), defaultYear);
  if (month) return monthDeadline(raw, month.year, month.month);

  const dayMonth = readDayMonth(t);
  if (dayMonth && defaultYear !== undefined && isValidDate(defaultYear, dayMonth.month, dayMonth.day)) {
    return dateDeadline(raw, defaultYear, dayMonth.month, dayMonth.day, time);
  }

  const year = readYear(t);
  if (year !== undefined) {
    return {
      kind: "year",
      raw,
      year,
      dueAt: endOfVnDay(year, 12, 31).toISOString(),
      thenContinuous: CONTINUOUS.test(t),
    };
  }

  if (CONTINUOUS.test(t)) return { kind: "continuous", raw };
  return { kind: "none", raw };
}

/**
 * When a deadline next falls due at or after `from`: its dueAt for dated kinds, the next
 * occurrence for recurring ones (a monthly day 31 falls on the last day of shorter months, a
 * yearly 29/02 on 28/02), and undefined for continuous or none.
 */
export function nextDueAt(deadline: Deadline, from: Date): Date | undefined {
  switch (deadline.kind) {
    case "date":
    case "month":
    case "quarter":
    case "year":
      return new Date(deadline.dueAt);
    case "continuous":
    case "none":
      return undefined;
    case "recurring": {
      const now = toVnParts(from);
      const at = (year: number, month: number) =>
        fromVnParts({
          year,
          month,
          day: Math.min(deadline.day, daysInMonth(year, month)),
          hour: deadline.hour,
          minute: deadline.minute,
          second: deadline.second ?? 0,
        });
      if (deadline.frequency === "monthly") {
        const thisMonth = at(now.year, now.month);
        if (thisMonth >= from) return thisMonth;
        return now.month === 12 ? at(now.year + 1, 1) : at(now.year, now.month + 1);
      }
      const thisYear = at(now.year, deadline.month);
      return thisYear >= from ? thisYear : at(now.year + 1, deadline.month);
    }
  }
}

const END_OF_DAY = { hour: 23, minute: 59, second: 59 };

/** "Thực hiện theo Kế hoạch 215/KH-UBND ngày 31/12/2025": the date is the document's, not a deadline. */
const REFERS_TO_DOCUMENT = /^(?:thuc hien )?theo (?:huong dan|ke hoach|quyet dinh|van ban|nghi quyet|thong bao|chi dao|phu luc|quy dinh)\b/;

const CONTINUOUS = /\b(?:thuong xuyen|lien tuc|duy tri|tiep tuc|dinh ky|(?:hang|moi) (?:nam|quy|thang|tuan|ngay))\b/;

type TimeOfDay = { hour: number; minute: number };

function dateDeadline(raw: string, year: number, month: number, day: number, time: TimeOfDay | undefined): Deadline {
  const dueAt = time ? fromVnParts({ year, month, day, hour: time.hour, minute: time.minute }) : endOfVnDay(year, month, day);
  return { kind: "date", raw, date: localDate(year, month, day), dueAt: dueAt.toISOString() };
}

function monthDeadline(raw: string, year: number, month: number): Deadline {
  return { kind: "month", raw, year, month, dueAt: endOfVnDay(year, month, daysInMonth(year, month)).toISOString() };
}

function localDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "16h00", "16h", "16 giờ 30", "16:00"; not the "h" of "hàng". */
function readTimeOfDay(t: string): TimeOfDay | undefined {
  const m = /\b(\d{1,2})\s*(?:(?:h(?![a-z])|gio\b)\s*(\d{2})?|:(\d{2}))(?!\d)/.exec(t);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? m[3] ?? 0);
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

/** "ngày 25 hàng tháng", "hằng tháng, trước ngày 20", "ngày 10 mỗi tháng". */
function readMonthlyDay(t: string): number | undefined {
  if (!/\b(?:hang|moi) thang\b/.test(t)) return undefined;
  const m = /\bngay\s+(\d{1,2})(?!\d)(?!\s*[/.-]\s*\d)(?!\s+thang\s+\d)/.exec(t);
  const day = m ? Number(m[1]) : NaN;
  return day >= 1 && day <= 31 ? day : undefined;
}

/** The last valid "dd/mm/yyyy" or "ngày d tháng m năm yyyy". */
function readFullDate(t: string): { year: number; month: number; day: number } | undefined {
  let found: { year: number; month: number; day: number } | undefined;
  const re = /\b(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})\b|\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})\b/g;
  for (const m of t.matchAll(re)) {
    const day = Number(m[1] ?? m[5]);
    const month = Number(m[3] ?? m[6]);
    const year = Number(m[4] ?? m[7]);
    if (isValidDate(year, month, day)) found = { year, month, day };
  }
  return found;
}

/** "05/12" or "ngày 5 tháng 12" with no year after it. */
function readDayMonth(t: string): { month: number; day: number } | undefined {
  const m =
    /(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\s*[/.-]?\s*\d)/.exec(t) ??
    /\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\b(?!\s+nam\s+\d)/.exec(t);
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = Number(m[2]);
  // A leap year, so that a yearly "29/02" is accepted; nextDueAt moves it to 28/02 in other years.
  return isValidDate(2024, month, day) ? { month, day } : undefined;
}

/** "Quý II/2026", "quý 2 năm 2026", "Quý IV" (with the default year). */
function readQuarter(t: string, defaultYear: number | undefined): { year: number; quarter: 1 | 2 | 3 | 4 } | undefined {
  let found: { year: number; quarter: 1 | 2 | 3 | 4 } | undefined;
  for (const m of t.matchAll(/\bquy\s+(iv|iii|ii|i|[1-4])\b(?:\s*(?:\/|-|nam)\s*(\d{4})\b)?/g)) {
    const quarter = QUARTERS[m[1] ?? ""];
    const year = m[2] !== undefined ? Number(m[2]) : defaultYear;
    if (quarter && year !== undefined) found = { year, quarter };
  }
  return found;
}

const QUARTERS: Record<string, 1 | 2 | 3 | 4> = { i: 1, ii: 2, iii: 3, iv: 4, "1": 1, "2": 2, "3": 3, "4": 4 };

/** "tháng 12/2025", "tháng 12 năm 2025", "12/2025". */
function readMonthYear(t: string): { year: number; month: number } | undefined {
  const m =
    /\bthang\s+(\d{1,2})\s*(?:\/|-|nam)\s*(\d{4})\b/.exec(t) ?? /(?<![\d/.-])(\d{1,2})\s*\/\s*(\d{4})\b/.exec(t);
  if (!m) return undefined;
  const month = Number(m[1]);
  return month >= 1 && month <= 12 ? { year: Number(m[2]), month } : undefined;
}

/** "trong tháng 12" without a year; "hàng tháng" is not a month. */
function readBareMonth(t: string): number | undefined {
  const m = /\bthang\s+(\d{1,2})\b(?!\s*[/.-]?\s*\d)/.exec(t);
  const month = m ? Number(m[1]) : NaN;
  return month >= 1 && month <= 12 ? month : undefined;
}

function withYear(month: number | undefined, year: number | undefined): { year: number; month: number } | undefined {
  return month !== undefined && year !== undefined ? { year, month } : undefined;
}

/** "năm 2025", "2026", "giai đoạn 2026-2030" (the last year). */
function readYear(t: string): number | undefined {
  let found: number | undefined;
  for (const m of t.matchAll(/(?<![\d/.])((?:19|20|21)\d{2})(?![\d/.])/g)) found = Number(m[1]);
  return found;
}

function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
