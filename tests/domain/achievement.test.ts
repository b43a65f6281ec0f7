import { describe, expect, it } from "vitest";
import { achievement } from "../../src/domain/achievement.ts";
import { parseTarget } from "../../src/domain/parse-target.ts";

describe("achievement", () => {
  it.each([
    // [target, value, status, margin, ratio]
    ["≥ 70%", 70, "met", 0, 1],
    ["≥ 70%", 72.5, "met", 2.5, 1.035714286],
    ["≥ 70%", "72,5%", "met", 2.5, 1.035714286],
    ["≥ 70%", "72,5", "met", 2.5, 1.035714286],
    ["≥ 70%", 69.9, "not_met", -0.1, 0.998571429],
    ["100%", 100, "met", 0, 1],
    ["100%", "98%", "not_met", -2, 0.98],
    ["≥ 1.500", "1.620", "met", 120, 1.08],
    ["≥ 1.500", 1499, "not_met", -1, 0.999333333],
    ["≥ 0,73", "0,73", "met", 0, 1],
    ["≥ 0,73", 0.1 + 0.63, "met", 0, 1],
    ["01", 1, "met", 0, 1],
    ["01", 0, "not_met", -1, 0],
    ["> 18", 18, "not_met", 0, 1],
    ["trên 18%", "18,5%", "met", 0.5, 1.027777778],
    ["≤ 23", 20, "met", 3, 0.869565217],
    ["≤ 23", 23, "met", 0, 1],
    ["≤ 23", 25, "not_met", -2, 1.086956522],
    ["< 5", 5, "not_met", 0, 1],
    ["= 10", 10, "met", 0, 1],
    ["= 10", 11, "not_met", -1, 1.1],
  ] as const)("judges %j against %j as %s (margin %d, ratio %d)", (raw, value, status, margin, ratio) => {
    const target = parseTarget(raw);
    expect(achievement(target, value)).toEqual({ status, target, value: typeof value === "string" ? expect.any(Number) : value, margin, ratio });
  });

  it.each([
    ["2-3%", 2.5, "met", 0.5],
    ["2-3%", 2, "met", 0],
    ["2-3%", 3, "met", 0],
    ["2-3%", 1.5, "not_met", -0.5],
    ["2-3%", "3,4%", "not_met", -0.4],
    ["50 - 60", 57, "met", 3],
  ] as const)("judges range %j against %j as %s with margin %d to the nearer bound", (raw, value, status, margin) => {
    const target = parseTarget(raw);
    const result = achievement(target, value);
    expect(result).toMatchObject({ status, margin });
    expect(result).not.toHaveProperty("ratio");
  });

  it.each([
    ["20/34", 17, "met", 3, 17],
    ["20/34", "17/34", "met", 3, 17],
    ["20/34", "17", "met", 3, 17],
    ["20/34", "hạng 20", "met", 0, 20],
    ["20/34", 22, "not_met", -2, 22],
    ["Nhóm 15 tỉnh đứng đầu", 12, "met", 3, 12],
    ["Nhóm 15 tỉnh đứng đầu", "16/34", "not_met", -1, 16],
  ] as const)("judges rank %j against %j as %s (margin %d)", (raw, value, status, margin, rank) => {
    const target = parseTarget(raw);
    expect(achievement(target, value)).toEqual({ status, target, value: rank, margin });
  });

  it.each([
    ["Có ứng dụng", "Có ứng dụng", "met"],
    ["Có ứng dụng", "co ung dung", "met"],
    ["Có ứng dụng", "  CÓ ỨNG DỤNG. ", "met"],
    ["Nhóm 15 tỉnh đứng đầu", "nhom 15 tinh dung dau", "met"],
  ] as const)("meets qualitative %j when the text says %j", (raw, value, status) => {
    const target = parseTarget(raw);
    expect(achievement(target, value)).toEqual({ status, target, value });
  });

  it.each([
    ["Có ứng dụng", "Đã triển khai", "qualitative"],
    ["Có ứng dụng", 1, "qualitative"],
    ["Có ứng dụng", "", "qualitative"],
    ["≥ 70%", "khoảng 70", "not_a_number"],
    ["≥ 70%", "≥ 72%", "not_a_number"],
    ["≥ 70%", "", "not_a_number"],
    ["≥ 70%", Number.NaN, "not_a_number"],
    ["≥ 1.500", "1.620%", "unit_mismatch"],
    ["20/34", "abc", "not_a_number"],
    ["20/34", 0, "not_a_number"],
    ["20/34", "17/63", "unit_mismatch"],
    ["Nhóm 15 tỉnh đứng đầu", "Đạt", "qualitative"],
  ] as const)("cannot judge %j against %j (%s)", (raw, value, reason) => {
    const target = parseTarget(raw);
    expect(achievement(target, value)).toEqual({ status: "na", target, value, reason });
  });

  it("reports the number it compared when it read a text value", () => {
    expect(achievement(parseTarget("≥ 70%"), "72,5 %")).toMatchObject({ status: "met", value: 72.5 });
  });

  it("leaves out the ratio when the threshold is 0", () => {
    const result = achievement(parseTarget("0"), 0);
    expect(result).toEqual({ status: "met", target: parseTarget("0"), value: 0, margin: 0 });
  });
});
