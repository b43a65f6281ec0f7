import { describe, expect, it } from "vitest";
import { isValidDueRule, noDueRule, parseDueDay, parseDueHour, parseDueRuleChange, parseYearlyDue, resolvePeriodRules } from "../../src/domain/due-rules.ts";
import { dueAtOfPeriodKey } from "../../src/domain/figure-counts.ts";

const rule = (r: Partial<typeof noDueRule>) => ({ ...noDueRule, ...r });

describe("resolvePeriodRules: item ?? plan ?? province ?? built in", () => {
  it("takes each pair from the nearest level that sets it, and says which", () => {
    expect(resolvePeriodRules(null, null, null)).toEqual({ rules: { dueDay: 25, dueHour: 16, yearlyDueDay: 5, yearlyDueMonth: 12 }, from: { due: "built_in", yearly: "built_in" } });
    const province = rule({ dueDay: 20, dueHour: 17, yearlyDueDay: 31, yearlyDueMonth: 12 });
    const plan = rule({ dueDay: 10, dueHour: 9 });
    const item = rule({ dueDay: 5, dueHour: 8 });
    expect(resolvePeriodRules(null, plan, province)).toEqual({ rules: { dueDay: 10, dueHour: 9, yearlyDueDay: 31, yearlyDueMonth: 12 }, from: { due: "plan", yearly: "province" } });
    expect(resolvePeriodRules(item, plan, province).from).toEqual({ due: "item", yearly: "province" });
    expect(resolvePeriodRules(item, plan, null).rules).toEqual({ dueDay: 5, dueHour: 8, yearlyDueDay: 5, yearlyDueMonth: 12 });
  });

  it("gives each period its deadline under the rules resolved", () => {
    const rules = resolvePeriodRules(null, rule({ dueDay: 10, dueHour: 9, yearlyDueDay: 15, yearlyDueMonth: 1 }), null).rules;
    expect(dueAtOfPeriodKey("2026-11", rules)).toEqual(new Date("2026-11-10T09:00:00+07:00"));
    expect(dueAtOfPeriodKey("2026-Q4", rules)).toEqual(new Date("2026-12-10T09:00:00+07:00"));
    expect(dueAtOfPeriodKey("2026", rules)).toEqual(new Date("2026-01-15T23:59:59+07:00"));
    expect(dueAtOfPeriodKey("once", rules)).toBeNull();
  });
});

describe("reading a due rule", () => {
  it("takes a day 1–28, an hour 0–23 and a yearly day/month the month has", () => {
    expect([parseDueDay("1"), parseDueDay("28"), parseDueDay("29"), parseDueDay("0"), parseDueDay("x")]).toEqual([1, 28, undefined, undefined, undefined]);
    expect([parseDueHour("0"), parseDueHour("16h"), parseDueHour("16:00"), parseDueHour("24"), parseDueHour("")]).toEqual([0, 16, 16, undefined, undefined]);
    expect([parseYearlyDue("05/12"), parseYearlyDue("31/12"), parseYearlyDue("29/02"), parseYearlyDue("31/04"), parseYearlyDue("12")]).toEqual([{ day: 5, month: 12 }, { day: 31, month: 12 }, undefined, undefined, undefined]);
  });

  it("asks for both halves of a pair, refuses a clear with values, and nothing at all", () => {
    expect(parseDueRuleChange({ day: "10", hour: "9" })).toEqual({ due: { day: 10, hour: 9 } });
    expect(parseDueRuleChange({ yearly: "31/12" })).toEqual({ yearly: { day: 31, month: 12 } });
    expect(parseDueRuleChange({ clear: true })).toEqual({ due: null, yearly: null });
    expect(parseDueRuleChange({ day: "10" })).toBeUndefined();
    expect(parseDueRuleChange({ day: "31", hour: "9" })).toBeUndefined();
    expect(parseDueRuleChange({ clear: true, day: "10", hour: "9" })).toBeUndefined();
    expect(parseDueRuleChange({})).toBeUndefined();
    expect(isValidDueRule(rule({ dueDay: 10, dueHour: null }))).toBe(false);
    expect(isValidDueRule(rule({ dueDay: 10, dueHour: 23 }))).toBe(true);
  });
});
