import { describe, expect, it } from "vitest";
import { VN_OFFSET_MINUTES, daysInMonth, endOfVnDay, fromVnParts, localDateTime, toVnParts } from "../../src/domain/vn-time.ts";

describe("vn-time", () => {
  it("uses UTC+7 all year", () => {
    expect(VN_OFFSET_MINUTES).toBe(420);
  });

  it.each([
    ["2026-12-05T16:59:59.000Z", { year: 2026, month: 12, day: 5, hour: 23, minute: 59, second: 59, weekday: 6 }],
    ["2026-12-05T17:00:00.000Z", { year: 2026, month: 12, day: 6, hour: 0, minute: 0, second: 0, weekday: 0 }],
    ["2025-12-31T17:30:00.000Z", { year: 2026, month: 1, day: 1, hour: 0, minute: 30, second: 0, weekday: 4 }],
    ["2026-03-25T09:00:00.000Z", { year: 2026, month: 3, day: 25, hour: 16, minute: 0, second: 0, weekday: 3 }],
    ["2026-07-01T00:00:00.000Z", { year: 2026, month: 7, day: 1, hour: 7, minute: 0, second: 0, weekday: 3 }],
  ])("reads %s as Vietnamese wall-clock time", (iso, parts) => {
    expect(toVnParts(new Date(iso))).toEqual(parts);
    expect(localDateTime(new Date(iso))).toEqual(parts);
  });

  it.each([
    [{ year: 2026, month: 12, day: 5, hour: 23, minute: 59, second: 59 }, "2026-12-05T16:59:59.000Z"],
    [{ year: 2026, month: 1, day: 1 }, "2025-12-31T17:00:00.000Z"],
    [{ year: 2026, month: 3, day: 25, hour: 16 }, "2026-03-25T09:00:00.000Z"],
    [{ year: 2026, month: 13, day: 1 }, "2026-12-31T17:00:00.000Z"],
  ])("turns local %j into the instant %s", (parts, iso) => {
    expect(fromVnParts(parts).toISOString()).toBe(iso);
  });

  it("round-trips an instant through local parts", () => {
    const instant = new Date("2026-06-30T23:12:34.000Z");
    expect(fromVnParts(toVnParts(instant)).toISOString()).toBe(instant.toISOString());
  });

  it.each([
    [2026, 2, 28],
    [2028, 2, 29],
    [2026, 4, 30],
    [2026, 12, 31],
  ])("knows %d-%d has %d days", (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it("ends a local day at 23:59:59 Vietnamese time", () => {
    expect(endOfVnDay(2026, 6, 30).toISOString()).toBe("2026-06-30T16:59:59.000Z");
  });
});
