import { describe, expect, it } from "vitest";
import {
  CalendarError,
  inQuietHours,
  isWorkingDay,
  localDateOf,
  nextAllowedInstant,
  parseHolidays,
  parseQuietHours,
  sendingStartMinute,
} from "../../src/domain/working-calendar.ts";

const holidays = parseHolidays("2026-01-01,2026-02-14..2026-02-22,2026-04-30,2026-05-01,2026-09-01..2026-09-02");
const quiet = parseQuietHours("21:00-07:00");
const calendar = { holidays, quiet };
/** Local wall-clock time in Hanoi → ISO instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

describe("working calendar (Asia/Ho_Chi_Minh)", () => {
  it("reads HOLIDAYS: single dates and inclusive ranges", () => {
    expect(parseHolidays("2026-04-30, 2026-02-14..2026-02-16")).toEqual(new Set(["2026-04-30", "2026-02-14", "2026-02-15", "2026-02-16"]));
    expect(parseHolidays("")).toEqual(new Set());
    expect(holidays.size).toBe(1 + 9 + 2 + 2);
  });

  it.each([
    ["2026-02-30", "is not a date"],
    ["2026-05-02..2026-05-01", "ends before it starts"],
    ["2026-01-01..2027-01-01", "at most 60"],
    ["1/5/2026", "is not a date"],
  ])("refuses HOLIDAYS %s, naming it", (text, message) => {
    expect(() => parseHolidays(text)).toThrow(CalendarError);
    expect(() => parseHolidays(text)).toThrow(message);
  });

  it.each([
    ["2026-11-20", true], // Friday
    ["2026-11-21", false], // Saturday
    ["2026-11-22", false], // Sunday
    ["2026-11-23", true], // Monday
    ["2026-09-01", false], // National Day holiday (a Tuesday)
    ["2026-02-18", false], // Tết
    ["2026-02-23", true], // the Monday after Tết
  ])("%s is a working day: %s", (date, expected) => {
    expect(isWorkingDay(date, holidays)).toBe(expected);
  });

  it.each([
    ["2026-11-20T20:59:59", false],
    ["2026-11-20T21:00:00", true],
    ["2026-11-21T00:30:00", true],
    ["2026-11-21T06:59:00", true],
    ["2026-11-21T07:00:00", false],
    ["2026-11-21T12:00:00", false],
  ])("%s local is in the quiet hours 21:00–07:00: %s", (local, expected) => {
    expect(inQuietHours(vn(local), quiet)).toBe(expected);
  });

  it("reads a daytime quiet window and an empty one", () => {
    const lunch = parseQuietHours("11:30-13:30");
    expect(inQuietHours(vn("2026-11-20T12:00:00"), lunch)).toBe(true);
    expect(inQuietHours(vn("2026-11-20T22:00:00"), lunch)).toBe(false);
    expect(inQuietHours(vn("2026-11-20T22:00:00"), parseQuietHours("00:00-00:00"))).toBe(false);
    expect(() => parseQuietHours("9pm-7am")).toThrow(CalendarError);
  });

  it.each([
    // already allowed: unchanged, seconds kept
    ["2026-11-20T10:15:30", 0, "2026-11-20T10:15:30"],
    // Friday night → Monday morning, at the end of the quiet hours
    ["2026-11-20T22:00:00", 0, "2026-11-23T07:00:00"],
    // Friday night with a reminder hour of 08:00 → Monday 08:00
    ["2026-11-20T22:00:00", 8 * 60, "2026-11-23T08:00:00"],
    // early morning on a working day → 07:00 the same day
    ["2026-11-24T05:00:00", 0, "2026-11-24T07:00:00"],
    // Saturday noon → Monday 08:00
    ["2026-11-21T12:00:00", 8 * 60, "2026-11-23T08:00:00"],
    // Tết: from the Friday before to the Monday after
    ["2026-02-13T21:30:00", 8 * 60, "2026-02-23T08:00:00"],
    // National Day (Tue 1 and Wed 2 September) → Thursday
    ["2026-08-31T22:00:00", 8 * 60, "2026-09-03T08:00:00"],
  ])("the next allowed moment after %s (from minute %i) is %s", (from, fromMinute, expected) => {
    expect(nextAllowedInstant(vn(from), calendar, fromMinute).toISOString()).toBe(vn(expected).toISOString());
  });

  it("sends at the end of the quiet hours when the reminder hour falls inside them", () => {
    expect(sendingStartMinute(8, quiet)).toBe(8 * 60);
    expect(sendingStartMinute(6, quiet)).toBe(7 * 60);
  });

  it("names the local date, which is not the UTC date in the evening", () => {
    expect(localDateOf(new Date("2026-11-30T17:30:00Z"))).toBe("2026-12-01");
    expect(localDateOf(new Date("2026-11-30T16:59:59Z"))).toBe("2026-11-30");
  });
});
