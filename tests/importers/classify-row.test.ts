import { describe, expect, it } from "vitest";
import { classifyRow } from "../../src/importers/table/classify-row.ts";
import type { ColumnRole, TableRow } from "../../src/importers/table/table-types.ts";

const columns: ColumnRole[] = [{ role: "number" }, { role: "name" }, { role: "unitOfMeasure" }, { role: "target" }, { role: "lead" }];

function row(cells: string[], italic: boolean[] = []): TableRow {
  return { line: 1, cells, italic: cells.map((_, i) => italic[i] ?? false), continuationLines: [] };
}

describe("classifyRow", () => {
  it.each([
    [["I", "Nghiên cứu khoa học", "", "", ""], { code: "I", title: "Nghiên cứu khoa học" }],
    [["III.", "TIÊU CHÍ VỀ CÔNG NGHỆ (15 CHỈ SỐ)", "", "", ""], { code: "III", title: "TIÊU CHÍ VỀ CÔNG NGHỆ (15 CHỈ SỐ)" }],
    [["II. TIÊU CHÍ VỀ KHOA HỌC (9 CHỈ SỐ)", "", "", "", ""], { code: "II", title: "TIÊU CHÍ VỀ KHOA HỌC (9 CHỈ SỐ)" }],
    [["I.2 Phát triển nguồn lực", "", "", "", ""], { code: "I.2", title: "Phát triển nguồn lực" }],
    [["", "II.1 Hạ tầng số", "", "", ""], { code: "II.1", title: "Hạ tầng số" }],
  ])("reads %j as a section", (cells, expected) => {
    expect(classifyRow(row(cells), columns)).toMatchObject({ type: "section", ...expected });
  });

  it.each([
    [["1", "Tỷ lệ", "%", "100", "Sở"], "1", "1"],
    [["6.", "Tỷ lệ", "", "", "Sở"], "6", "6."],
    [["8.2", "Tỷ lệ", "%", "≥ 50", "Sở"], "8.2", "8.2"],
  ])("reads %j as item %s", (cells, number, printed) => {
    expect(classifyRow(row(cells), columns)).toEqual({ type: "item", number, printed });
  });

  it("reads 'Đến hết năm 2030' alone in a row as a horizon", () => {
    expect(classifyRow(row(["", "Đến hết năm 2030", "", "", ""]), columns)).toEqual({ type: "horizon", year: 2030, text: "Đến hết năm 2030" });
    expect(classifyRow(row(["Giai đoạn 2026 - 2030", "", "", "", ""]), columns)).toMatchObject({ type: "horizon", year: 2030 });
  });

  it("reads a section titled with a horizon as both", () => {
    expect(classifyRow(row(["B", "ĐẾN NĂM 2030", "", "", ""]), columns)).toMatchObject({ type: "section", code: "B", horizonYear: 2030 });
  });

  it("reads an italic level name without a number as a sub-level", () => {
    expect(classifyRow(row(["", "Cấp tỉnh", "%", "≥70", ""], [false, true]), columns)).toEqual({ type: "level", level: "Cấp tỉnh" });
    expect(classifyRow(row(["", "Cấp xã", "%", "≥70", ""]), columns)).toEqual({ type: "level", level: "Cấp xã" });
  });

  it("reads text in the name cell alone as a note", () => {
    expect(classifyRow(row(["", "Thực hiện theo Phụ lục I, Kế hoạch 215/KH-UBND ngày 31/12/2025", "", "", ""]), columns)).toMatchObject({ type: "note" });
  });

  it("says why it cannot read a row", () => {
    expect(classifyRow(row(["-", "Gạch đầu dòng", "", "", ""]), columns)).toMatchObject({ type: "unknown" });
    expect(classifyRow(row(["", "Tỷ lệ", "%", "100", ""]), columns)).toMatchObject({ type: "unknown" });
  });
});
