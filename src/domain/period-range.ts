import type { PeriodKind } from "./reporting-period.ts";
import { daysInMonth } from "./vn-time.ts";

export interface PeriodRange {
  kind: PeriodKind;
  startsOn: string;
  endsOn: string;
}

/** The calendar span of a period key ("2026-11", "2026-Q4", "2026-H2", "2026-9M", "2026"); undefined for anything else. */
export function periodRange(key: string): PeriodRange | undefined {
  const d = (y: number, m: number, day: number) => `${y}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (m) {
    const y = Number(m[1]);
    const month = Number(m[2]);
    return { kind: "month", startsOn: d(y, month, 1), endsOn: d(y, month, daysInMonth(y, month)) };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { kind: "quarter", startsOn: d(y, q * 3 - 2, 1), endsOn: d(y, q * 3, daysInMonth(y, q * 3)) };
  }
  m = /^(\d{4})-H([12])$/.exec(key);
  if (m) {
    const y = Number(m[1]);
    return m[2] === "1" ? { kind: "half_year", startsOn: d(y, 1, 1), endsOn: d(y, 6, 30) } : { kind: "half_year", startsOn: d(y, 7, 1), endsOn: d(y, 12, 31) };
  }
  m = /^(\d{4})-9M$/.exec(key);
  if (m) return { kind: "nine_months", startsOn: d(Number(m[1]), 1, 1), endsOn: d(Number(m[1]), 9, 30) };
  m = /^(\d{4})$/.exec(key);
  if (m) return { kind: "year", startsOn: d(Number(m[1]), 1, 1), endsOn: d(Number(m[1]), 12, 31) };
  if (key === "once") return { kind: "one_off", startsOn: "0000-01-01", endsOn: "9999-12-31" };
  return undefined;
}
