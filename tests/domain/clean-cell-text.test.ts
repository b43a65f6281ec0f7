import { describe, expect, it } from "vitest";
import { cleanCellText } from "../../src/domain/clean-cell-text.ts";

describe("cleanCellText", () => {
  it.each([
    ["<b>Quý II/2026</b>", "Quý II/2026"],
    ["<i>Cấp tỉnh</i>", "Cấp tỉnh"],
    ["trong 4 khối <u>cơ quan</u>", "trong 4 khối cơ quan"],
    ["**trước ngày 25/12/2026**", "trước ngày 25/12/2026"],
    ["$\\geq 3\\%$", "≥ 3%"],
    ["$\\leq 23$", "≤ 23"],
    ["$\\ge 2$", "≥ 2"],
    ["$1\\,500$", "1 500"],
    ["$\\text{Có ứng dụng}$", "Có ứng dụng"],
    ["Nhóm 15 \ntỉnh\n đứng đầu", "Nhóm 15 tỉnh đứng đầu"],
    ["72&nbsp;%", "72 %"],
    ["R&amp;D", "R&D"],
    ["&lt;b&gt;", "<b>"],
    ["line<br/>break", "line break"],
    ["１００％", "100%"],
    ["Sở\u200B Tư pháp", "Sở Tư pháp"],
    ["≤ 23", "≤ 23"],
    ["< 5", "< 5"],
    ["", ""],
  ])("cleans %j to %j", (raw, text) => {
    expect(cleanCellText(raw)).toBe(text);
  });
});
