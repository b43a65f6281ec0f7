/**
 * Calendar arithmetic in Asia/Ho_Chi_Minh. Vietnam has kept UTC+7 all year since 1975 (no DST),
 * so a fixed offset is exact and we avoid depending on the host's ICU time-zone data.
 */
export const VN_OFFSET_MINUTES = 420;

const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;

export interface VnParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday, as Date.getDay (Vietnamese "Thứ Hai" = 1). */
  weekday: number;
}

export interface VnPartsInput {
  year: number;
  /** 1–12; out-of-range values roll over like Date.UTC (month 13 = January next year). */
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

/** The wall-clock reading in Vietnam at an instant. */
export function toVnParts(instant: Date): VnParts {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
  };
}

/** Same as toVnParts; the name reads better where a caller wants "the local date and time". */
export const localDateTime = toVnParts;

/** The instant at which Vietnamese clocks show the given wall-clock time. */
export function fromVnParts(parts: VnPartsInput): Date {
  const utc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return new Date(utc - OFFSET_MS);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 23:59:59 local on that day: the last instant a "by this date" deadline still accepts. */
export function endOfVnDay(year: number, month: number, day: number): Date {
  return fromVnParts({ year, month, day, hour: 23, minute: 59, second: 59 });
}

/** 00:00 local on the day of this instant. */
export function startOfVnDay(instant: Date): Date {
  const p = toVnParts(instant);
  return fromVnParts({ year: p.year, month: p.month, day: p.day });
}
