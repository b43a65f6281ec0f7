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
    ["72 phần trăm", "percent", 72],
    ["đạt 72% ạ", "percent", 72],
    ["650 người", "count", 650],
    ["12 doanh nghiệp", "count", 12],
    ["45,6 tỷ", "money", 45600],
    ["45.600 triệu", "money", 45600],
    ["45,6 tỷ đồng", "money", 45600],
    ["350 triệu đồng", "money", 350],
    ["500 nghìn", "money", 0.5],
    ["72.500", "count", 72500],
  ] as const)("accepts %j as %d for a %s indicator", (input, kind, value) => {
    expect(parseReportedValue(input, kind)).toMatchObject({ ok: true, valueNumber: value });
  });

  it.each([
    ["", "percent", "empty"],
    ["   ", "count", "empty"],
    ["abc", "percent", "not_a_number"],
    ["120", "percent", "percent_out_of_range"],
    ["-5", "count", "negative"],
    ["1,5", "count", "not_whole"],
    ["72%", "count", "percent_for_count"],
    ["≥ 70", "percent", "has_comparator"],
    ["40/34", "rank", "rank_invalid"],
    ["0", "rank", "rank_invalid"],
    ["mười", "rank", "rank_invalid"],
    ["7*7", "percent", "expression"],
    ["1*500", "count", "expression"],
    ["2+3", "count", "expression"],
    ["①②", "percent", "unusual_digits"],
    ["٧٢", "percent", "unusual_digits"],
    ["²7", "percent", "unusual_digits"],
    ["\u202E27", "percent", "bidi_control"],
    ["99999999999999999999", "count", "too_large"],
    ["12,345,678", "count", "ambiguous_separator"],
    ["1,500", "count", "ambiguous_separator"],
    ["1,234.5", "money", "ambiguous_separator"],
    ["khoảng 70", "percent", "approximate"],
    ["tầm 90–95%", "percent", "approximate"],
    ["90-95", "percent", "range"],
    ["trên 90", "percent", "approximate"],
    ["72 người", "percent", "unit_mismatch"],
    ["45 tỷ", "count", "unit_mismatch"],
    ["72 72", "percent", "several_figures"],
    ["<b>72</b>", "percent", "not_a_number"],
    ["72 <b>", "percent", "not_a_number"],
  ] as const)("refuses %j for a %s indicator (%s)", (input, kind, error) => {
    expect(parseReportedValue(input, kind)).toEqual({ ok: false, error });
  });

  it("keeps text for a qualitative indicator and refuses a novel", () => {
    expect(parseReportedValue("Đã có ứng dụng", "text")).toEqual({ ok: true, valueNumber: null, valueText: "Đã có ứng dụng" });
    expect(parseReportedValue("x".repeat(501), "text")).toEqual({ ok: false, error: "text_too_long" });
  });

  it("reads a readiness level (TRL) as a number 1–9 and an average as a decimal", () => {
    const trl = { name: "Mức độ sẵn sàng công nghệ (Technology Readiness Level - TRL)" };
    expect(parseReportedValue("mức 6", "text", trl)).toEqual({ ok: true, valueNumber: 6, valueText: null });
    expect(parseReportedValue("TRL 7", "text", trl)).toEqual({ ok: true, valueNumber: 7, valueText: null });
    expect(parseReportedValue("12", "text", trl)).toEqual({ ok: false, error: "level_invalid" });
    expect(parseReportedValue("3,4", "count", { name: "Số lượt trích dẫn trung bình của bài báo" })).toEqual({ ok: true, valueNumber: 3.4, valueText: null });
    expect(parseReportedValue("3,4", "count", { name: "Số lượng bài báo khoa học quốc tế" })).toEqual({ ok: false, error: "not_whole" });
  });

  it("reads the forms officials type: two-scale money, a rank out of so many provinces, a level by \"cấp độ\", a count per 10.000 people", () => {
    expect(parseReportedValue("11 tỷ 500 triệu", "money")).toEqual({ ok: true, valueNumber: 11500, valueText: null });
    expect(parseReportedValue("2 tỷ 300 triệu đồng", "money", { unitOfMeasure: "tỷ đồng" })).toEqual({ ok: true, valueNumber: 2.3, valueText: null });
    // The smaller part must be below one of the larger unit: "2 tỷ 1.500 triệu" is no amount.
    expect(parseReportedValue("2 tỷ 1.500 triệu", "money")).toEqual({ ok: false, error: "not_a_number" });
    expect(parseReportedValue("hạng 22 trên 34 tỉnh", "rank")).toEqual({ ok: true, valueNumber: 22, valueText: null, outOf: 34 });
    expect(parseReportedValue("đứng thứ 14/34", "rank")).toEqual({ ok: true, valueNumber: 14, valueText: null, outOf: 34 });
    const trl = { name: "Mức độ sẵn sàng công nghệ (Technology Readiness Level - TRL)" };
    expect(parseReportedValue("cấp độ 7", "text", trl)).toEqual({ ok: true, valueNumber: 7, valueText: null });
    const fte = { name: "Số lượng nhân lực KH&CN, ĐMST tạo quy đổi toàn thời gian (FTE)/10.000 dân" };
    expect(parseReportedValue("12,6", "count", fte)).toEqual({ ok: true, valueNumber: 12.6, valueText: null });
  });

  it("refuses a share of the plan or of last year as the indicator's figure", () => {
    expect(parseReportedValue("100% kế hoạch", "percent")).toEqual({ ok: false, error: "relative_to_plan" });
    expect(parseReportedValue("103% so với cùng kỳ", "percent")).toEqual({ ok: false, error: "relative_to_plan" });
  });

  it("converts money to the indicator's own unit", () => {
    expect(parseReportedValue("45,6 tỷ", "money", { unitOfMeasure: "tỷ đồng" })).toMatchObject({ valueNumber: 45.6 });
    expect(parseReportedValue("45.600 triệu", "money", { unitOfMeasure: "tỷ đồng" })).toMatchObject({ valueNumber: 45.6 });
    expect(parseReportedValue("2 tỷ", "money", { unitOfMeasure: "USD" })).toEqual({ ok: false, error: "unit_mismatch" });
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
