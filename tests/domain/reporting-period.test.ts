import { describe, expect, it } from "vitest";
import { daysOverdue, periodAt, periodStatus, previousPeriod } from "../../src/domain/reporting-period.ts";

const at = (iso: string) => new Date(iso);

describe("reporting periods in Asia/Ho_Chi_Minh", () => {
  it.each([
    ["monthly", "2026-11-23T03:00:00Z", "2026-11", "2026-11-25T09:00:00.000Z"],
    // 16:30Z on 30/11 is 23:30 local: still November in Hanoi.
    ["monthly", "2026-11-30T16:30:00Z", "2026-11", "2026-11-25T09:00:00.000Z"],
    // 17:30Z on 30/11 is 00:30 on 01/12 in Hanoi: December.
    ["monthly", "2026-11-30T17:30:00Z", "2026-12", "2026-12-25T09:00:00.000Z"],
    ["quarterly", "2026-11-23T03:00:00Z", "2026-Q4", "2026-12-25T09:00:00.000Z"],
    ["quarterly", "2026-02-01T03:00:00Z", "2026-Q1", "2026-03-25T09:00:00.000Z"],
    ["half_year", "2026-05-01T03:00:00Z", "2026-H1", "2026-06-25T09:00:00.000Z"],
    ["nine_months", "2026-05-01T03:00:00Z", "2026-9M", "2026-09-25T09:00:00.000Z"],
    ["yearly", "2026-05-01T03:00:00Z", "2026", "2026-12-05T16:59:59.000Z"],
  ] as const)("%s at %s is %s, due %s", (frequency, instant, key, dueAt) => {
    const p = periodAt(frequency, at(instant));
    expect(p.key).toBe(key);
    expect(p.dueAt.toISOString()).toBe(dueAt);
  });

  it("uses a one-off item's own deadline", () => {
    const p = periodAt("one_off", at("2026-03-01T00:00:00Z"), undefined, at("2026-06-30T16:59:59Z"));
    expect(p).toMatchObject({ key: "once", kind: "one_off" });
    expect(p.dueAt.toISOString()).toBe("2026-06-30T16:59:59.000Z");
  });

  it.each([
    ["monthly", "2026-01-10T03:00:00Z", "2025-12"],
    ["monthly", "2026-11-10T03:00:00Z", "2026-10"],
    ["quarterly", "2026-02-10T03:00:00Z", "2025-Q4"],
    ["half_year", "2026-08-10T03:00:00Z", "2026-H1"],
    ["yearly", "2026-08-10T03:00:00Z", "2025"],
  ] as const)("the period before %s at %s is %s", (frequency, instant, key) => {
    expect(previousPeriod(frequency, periodAt(frequency, at(instant)))?.key).toBe(key);
  });

  it("says overdue, due soon, not due, and on time / late", () => {
    const p = periodAt("monthly", at("2026-11-10T03:00:00Z"));
    expect(periodStatus(p, at("2026-11-10T03:00:00Z"), null)).toBe("not_due");
    expect(periodStatus(p, at("2026-11-20T03:00:00Z"), null)).toBe("due_soon");
    expect(periodStatus(p, at("2026-11-25T09:00:01Z"), null)).toBe("overdue");
    expect(periodStatus(p, at("2026-11-26T00:00:00Z"), at("2026-11-25T08:59:00Z"))).toBe("reported_on_time");
    expect(periodStatus(p, at("2026-11-26T00:00:00Z"), at("2026-11-25T09:30:00Z"))).toBe("reported_late");
  });

  it("counts overdue days on local calendar days", () => {
    expect(daysOverdue(at("2026-11-25T09:00:00Z"), at("2026-11-25T16:00:00Z"))).toBe(0);
    expect(daysOverdue(at("2026-11-25T09:00:00Z"), at("2026-11-25T17:30:00Z"))).toBe(1);
    expect(daysOverdue(at("2026-11-25T09:00:00Z"), at("2026-12-02T03:00:00Z"))).toBe(7);
  });
});
