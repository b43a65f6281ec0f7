import { describe, expect, it } from "vitest";
import { parseTarget, targetDirection } from "../../src/domain/parse-target.ts";
import type { Direction, Target } from "../../src/domain/types.ts";

describe("parseTarget", () => {
  it.each([
    // seed 000
    ["≥ 70%", 70, true],
    ["≥ 10%", 10, true],
    ["$\\geq 3\\%$", 3, true],
    ["$\\geq 2\\%$", 2, true],
    ["≥ 2", 2, false],
    ["≥ 650", 650, false],
    ["≥5", 5, false],
    // seed 001
    ["≥20%", 20, true],
    ["≥ 1,5%", 1.5, true],
    ["≥ 1.500", 1500, false],
    ["≥ 2.000", 2000, false],
    ["≥ 1.400", 1400, false],
    // seed 004
    ["≥35", 35, false],
    ["≥18", 18, false],
    ["≥95", 95, false],
    // other spellings
    ["≥ 2,5", 2.5, false],
    ["≥ 0,73", 0.73, false],
    [">= 70%", 70, true],
    ["<b>≥ 70 %</b>", 70, true],
    ["tối thiểu 80%", 80, true],
    ["Tối thiểu 80%", 80, true],
    ["đạt tối thiểu 80%", 80, true],
    ["ít nhất 15%", 15, true],
    ["không dưới 50", 50, false],
    ["50% trở lên", 50, true],
    ["từ 50 trở lên", 50, false],
    ["toi thieu 80%", 80, true],
  ])("reads %j as at least %d (percent %s)", (raw, value, percent) => {
    expect(parseTarget(raw)).toEqual({ kind: "at_least", raw, value, percent, strict: false });
  });

  it.each([
    ["100%", 100, true],
    ["99%", 99, true],
    ["100", 100, false],
    ["01", 1, false],
    ["3", 3, false],
    ["10", 10, false],
    ["15", 15, false],
    ["đạt 35%", 35, true],
  ])("reads a bare %j as 'reach at least %d', not exactly", (raw, value, percent) => {
    expect(parseTarget(raw)).toEqual({ kind: "at_least", raw, value, percent, strict: false });
  });

  it.each([
    ["> 18", 18, false],
    ["trên 18%", 18, true],
    ["Phấn đấu đạt trên 18%", 18, true],
    ["hơn 20", 20, false],
    ["lớn hơn 5%", 5, true],
    ["tren 18%", 18, true],
  ])("reads %j as strictly more than %d", (raw, value, percent) => {
    expect(parseTarget(raw)).toEqual({ kind: "at_least", raw, value, percent, strict: true });
  });

  it.each([
    ["≤ 23", 23, false, false],
    ["<= 23", 23, false, false],
    ["$\\leq 23$", 23, false, false],
    ["tối đa 5", 5, false, false],
    ["toi da 5", 5, false, false],
    ["không quá 3%", 3, true, false],
    ["không vượt quá 10", 10, false, false],
    ["10% trở xuống", 10, true, false],
    ["< 5", 5, false, true],
    ["dưới 5%", 5, true, true],
    ["0", 0, false, false],
    ["0%", 0, true, false],
  ])("reads %j as at most %d (percent %s, strict %s)", (raw, value, percent, strict) => {
    expect(parseTarget(raw)).toEqual({ kind: "at_most", raw, value, percent, strict });
  });

  it.each([
    ["2-3%", 2, 3, true],
    ["50 - 60", 50, 60, false],
    ["50 - 70", 50, 70, false],
    ["2%-3%", 2, 3, true],
    ["2% - 3", 2, 3, true],
    ["1.500 – 2.000", 1500, 2000, false],
    ["từ 50 đến 60", 50, 60, false],
    ["60 - 50", 50, 60, false],
    ["2,5-3,5%", 2.5, 3.5, true],
  ])("reads %j as the range %d–%d (percent %s)", (raw, min, max, percent) => {
    expect(parseTarget(raw)).toEqual({ kind: "range", raw, min, max, percent });
  });

  it.each([
    ["20/34", 20, 34],
    ["17/34", 17, 34],
    ["15/34", 15, 34],
    ["20 / 34", 20, 34],
    ["hạng 20/34", 20, 34],
    ["Xếp thứ 17/34", 17, 34],
  ])("reads %j as rank %d out of %d", (raw, rank, outOf) => {
    expect(parseTarget(raw)).toEqual({ kind: "rank", raw, rank, outOf });
  });

  it.each([
    ["Nhóm 15 \ntỉnh\n đứng đầu", "Nhóm 15 tỉnh đứng đầu", 15],
    ["Nhóm 15 \n\ntỉnh \n\n đứng đầu", "Nhóm 15 tỉnh đứng đầu", 15],
    ["Nhóm 15 tỉnh đứng đầu", "Nhóm 15 tỉnh đứng đầu", 15],
    ["Nhóm 15 tỉnh dẫn đầu", "Nhóm 15 tỉnh dẫn đầu", 15],
    ["Nhóm 15 \n\ntỉnh dẫn \n\nđầu", "Nhóm 15 tỉnh dẫn đầu", 15],
    ["nhom 10 tinh dan dau", "nhom 10 tinh dan dau", 10],
    ["Thuộc nhóm 10 tỉnh, thành phố dẫn đầu cả nước", "Thuộc nhóm 10 tỉnh, thành phố dẫn đầu cả nước", 10],
    ["Top 10", "Top 10", 10],
    ["hạng 20", "hạng 20", 20],
  ])("reads %j as the qualitative top-N group %j (top %d)", (raw, text, topN) => {
    expect(parseTarget(raw)).toEqual({ kind: "qualitative", raw, text, topN });
  });

  it.each([
    ["Có ứng dụng", "Có ứng dụng"],
    ["<i>Có ứng dụng</i>", "Có ứng dụng"],
    ["Hoàn thành", "Hoàn thành"],
    ["Thực hiện theo Phụ lục I, Kế hoạch 215/KH-UBND ngày 31/12/2025", "Thực hiện theo Phụ lục I, Kế hoạch 215/KH-UBND ngày 31/12/2025"],
    ["95% dân số", "95% dân số"],
    ["≥ 2-3%", "≥ 2-3%"],
    ["trên 01 vạn dân", "trên 01 vạn dân"],
    ["35/20", "35/20"],
    ["", ""],
  ])("keeps unreadable %j as qualitative text %j", (raw, text) => {
    expect(parseTarget(raw)).toEqual({ kind: "qualitative", raw, text });
  });

  it("reads '= 10' as exactly 10", () => {
    expect(parseTarget("= 10")).toEqual({ kind: "exact", raw: "= 10", value: 10, percent: false });
  });

  it("keeps the raw text exactly as given, markup and line breaks included", () => {
    const raw = " <b>≥ 70 %</b>\n";
    expect(parseTarget(raw).raw).toBe(raw);
  });
});

describe("targetDirection", () => {
  it.each<[Target, Direction]>([
    [{ kind: "at_least", raw: "≥ 70%", value: 70, percent: true, strict: false }, "higher"],
    [{ kind: "at_most", raw: "≤ 23", value: 23, percent: false, strict: false }, "lower"],
    [{ kind: "range", raw: "2-3%", min: 2, max: 3, percent: true }, "range"],
    [{ kind: "exact", raw: "= 10", value: 10, percent: false }, "exact"],
    [{ kind: "rank", raw: "20/34", rank: 20, outOf: 34 }, "lower"],
    [{ kind: "qualitative", raw: "Nhóm 15 tỉnh đứng đầu", text: "Nhóm 15 tỉnh đứng đầu", topN: 15 }, "lower"],
    [{ kind: "qualitative", raw: "Có ứng dụng", text: "Có ứng dụng" }, "none"],
  ])("gives %j the direction %s", (target, direction) => {
    expect(targetDirection(target)).toBe(direction);
  });

  it.each([
    ["≥ 70%", "higher"],
    ["100%", "higher"],
    ["≤ 23", "lower"],
    ["20/34", "lower"],
    ["50 - 60", "range"],
    ["Có ứng dụng", "none"],
  ])("gives the parsed %j the direction %s", (raw, direction) => {
    expect(targetDirection(parseTarget(raw))).toBe(direction);
  });
});
