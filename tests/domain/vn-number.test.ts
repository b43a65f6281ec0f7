import { describe, expect, it } from "vitest";
import { parseVnNumber } from "../../src/domain/vn-number.ts";

describe("parseVnNumber", () => {
  it.each([
    ["1.500", 1500],
    ["2,5", 2.5],
    ["1.234,5", 1234.5],
    ["0,73", 0.73],
    ["01", 1],
    [" 72 ", 72],
    ["1 500", 1500],
    ["1\u00A0500", 1500],
    ["1\u202F500", 1500],
    ["1.500.000", 1500000],
    ["12.345", 12345],
    ["-5", -5],
    ["−5", -5],
    ["+3", 3],
    ["0", 0],
    ["-0", 0],
    ["650", 650],
  ])("accepts %j as %d", (text, value) => {
    expect(parseVnNumber(text)).toEqual({ ok: true, value, percent: false });
  });

  it.each([
    ["0.5", 0.5],
    ["2.75", 2.75],
    ["0.730", 0.73],
    ["1234.567", 1234.567],
  ])("reads a dot not followed by exactly three digits after 1–3 digits as a decimal point: %j is %d", (text, value) => {
    expect(parseVnNumber(text)).toEqual({ ok: true, value, percent: false });
  });

  it.each([
    ["1,500", 1.5],
    ["1,5", 1.5],
    ["1,500,000", 1500000],
    ["1,234.5", 1234.5],
  ])("follows the Vietnamese decimal comma, so %j is %d", (text, value) => {
    expect(parseVnNumber(text)).toEqual({ ok: true, value, percent: false });
  });

  it.each([
    ["72%", 72],
    ["72,5 %", 72.5],
    ["72,5%", 72.5],
    ["100%", 100],
    ["1,5%", 1.5],
    ["７２，５％", 72.5],
  ])("accepts %j as %d percent", (text, value) => {
    expect(parseVnNumber(text)).toEqual({ ok: true, value, percent: true });
  });

  it.each([
    ["≥ 0,73", 0.73, false, ">="],
    ["≥0,73", 0.73, false, ">="],
    [">= 0,73", 0.73, false, ">="],
    ["≤ 23", 23, false, "<="],
    ["<= 23", 23, false, "<="],
    ["> 18", 18, false, ">"],
    ["< 5", 5, false, "<"],
    ["= 10", 10, false, "="],
    ["≥ 1.500", 1500, false, ">="],
    ["≥ 70%", 70, true, ">="],
    ["$\\geq 3\\%$", 3, true, ">="],
    ["$\\geq 2\\%$", 2, true, ">="],
    ["$\\leq 5$", 5, false, "<="],
    ["&ge; 10", 10, false, ">="],
  ])("reads the comparator in %j", (text, value, percent, comparator) => {
    expect(parseVnNumber(text)).toEqual({ ok: true, value, percent, comparator });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["abc", "not_a_number"],
    ["12abc", "not_a_number"],
    ["1,2,3", "not_a_number"],
    ["1..5", "not_a_number"],
    ["1.2.3", "not_a_number"],
    ["1.50.000", "not_a_number"],
    ["12 5", "not_a_number"],
    ["%", "not_a_number"],
    ["≥", "not_a_number"],
    ["72.", "not_a_number"],
    [",5", "not_a_number"],
    ["20/34", "not_a_number"],
    ["2-3%", "not_a_number"],
  ])("refuses %j as %s", (text, error) => {
    expect(parseVnNumber(text)).toEqual({ ok: false, error, input: text });
  });

  it("refuses input longer than 64 characters as too_long", () => {
    const text = "1".repeat(65);
    expect(parseVnNumber(text)).toEqual({ ok: false, error: "too_long", input: text });
  });

  it("accepts input of exactly 64 characters", () => {
    expect(parseVnNumber(`${" ".repeat(62)}72`)).toEqual({ ok: true, value: 72, percent: false });
  });
});
