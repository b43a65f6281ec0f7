import { describe, expect, it } from "vitest";
import { isUnusualValue, parseReportedValue } from "../../src/domain/parse-reported-value.ts";

describe("a figure typed for an indicator", () => {
  it.each([
    ["72", "percent", 72],
    ["72%", "percent", 72],
    ["72,5", "percent", 72.5],
    ["72,5 %", "percent", 72.5],
    ["0", "percent", 0],
    ["100", "percent", 100],
    ["1.500", "count", 1500],
    ["1 500", "count", 1500],
    ["01", "count", 1],
    ["0,73", "score", 0.73],
    ["0.73", "score", 0.73],
    ["17", "rank", 17],
    ["17/34", "rank", 17],
    ["hạng 17", "rank", 17],
    ["1.234,5", "money", 1234.5],
  ] as const)("accepts %j as %d for a %s indicator", (input, kind, value) => {
    expect(parseReportedValue(input, kind)).toMatchObject({ ok: true, valueNumber: value });
  });

  it.each([
    ["", "percent", "empty"],
    ["   ", "count", "empty"],
    ["abc", "percent", "not_a_number"],
    ["72 phần trăm", "percent", "not_a_number"],
    ["120", "percent", "percent_out_of_range"],
    ["-5", "count", "negative"],
    ["1,5", "count", "not_whole"],
    ["72%", "count", "percent_for_count"],
    ["≥ 70", "percent", "has_comparator"],
    ["40/34", "rank", "rank_invalid"],
    ["0", "rank", "rank_invalid"],
    ["mười", "rank", "rank_invalid"],
  ] as const)("refuses %j for a %s indicator (%s)", (input, kind, error) => {
    expect(parseReportedValue(input, kind)).toEqual({ ok: false, error });
  });

  it("keeps text for a qualitative indicator and refuses a novel", () => {
    expect(parseReportedValue("Đã có ứng dụng", "text")).toEqual({ ok: true, valueNumber: null, valueText: "Đã có ứng dụng" });
    expect(parseReportedValue("x".repeat(501), "text")).toEqual({ ok: false, error: "text_too_long" });
  });

  it("keeps the out-of for a rank", () => {
    expect(parseReportedValue("17/34", "rank")).toEqual({ ok: true, valueNumber: 17, valueText: null, outOf: 34 });
  });
});

describe("an unusual figure asks for confirmation", () => {
  it.each([
    [72, "percent", 70, null, false],
    [12, "percent", 70, null, true],
    [5, "percent", null, 95, true],
    [72, "percent", null, 95, false],
    [1500, "count", 1400, null, false],
    [15000, "count", 1400, null, true],
    [5, "count", null, 650, true],
    [640, "count", null, 650, false],
    [7000, "count", null, 650, true],
    [17, "rank", null, 20, false],
  ] as const)("%d (%s, previous %s, target %s) → %s", (value, kind, previous, target, expected) => {
    expect(isUnusualValue(value, kind, previous, target)).toBe(expected);
  });
});
