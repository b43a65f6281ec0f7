import { describe, expect, it } from "vitest";
import { readTableRows } from "../../src/importers/table/read-table-rows.ts";
import type { RawTable } from "../../src/importers/table/table-types.ts";

function tables(text: string): RawTable[] {
  return readTableRows(text).flatMap((b) => (b.type === "table" ? [b.table] : []));
}

describe("readTableRows", () => {
  it("keeps prose lines apart from the table that follows them", () => {
    const blocks = readTableRows("Phụ lục I\nTT\tChỉ tiêu\tKết quả\n1\tTỷ lệ\t100%");
    expect(blocks.map((b) => b.type)).toEqual(["text", "table"]);
  });

  it("drops the header repeated after a page break and appends a continued cell to the row above", () => {
    const [table] = tables(["TT\tChỉ tiêu\tChủ trì\tPhối hợp", "1\tSố bài báo\tSở KH&CN\tSở Công Thương, Sở Nông nghiệp và", "", "TT\tChỉ tiêu\tChủ trì\tPhối hợp", "\t\t\tMôi trường", "2\tSố sáng chế\tSở KH&CN\tSở Tư pháp"].join("\n"));
    expect(table?.rows.map((r) => [r.line, r.cells[3], r.continuationLines])).toEqual([
      [2, "Sở Công Thương, Sở Nông nghiệp và Môi trường", [5]],
      [6, "Sở Tư pháp", []],
    ]);
  });

  it("drops a bold repeated header and strips HTML tags", () => {
    const [table] = tables(["TT\tTên nhiệm vụ\tThời hạn", "<b>I</b>\t<b>HOÀN THIỆN THỂ CHẾ</b>\t", "", "<b>TT</b>\t<b>Tên nhiệm vụ</b>\t<b>Thời hạn</b>", "1.\tRà soát <u>văn bản</u>\tQuý II/2026"].join("\n"));
    expect(table?.rows.map((r) => r.cells)).toEqual([["I", "HOÀN THIỆN THỂ CHẾ", ""], ["1.", "Rà soát văn bản", "Quý II/2026"]]);
  });

  it("keeps an italic level row as its own row, even after a page break", () => {
    const [table] = tables(["TT\tChỉ tiêu\tĐơn vị\tKết quả", "6.\tTỷ lệ hồ sơ\t\t", "", "\t<i>Cấp tỉnh</i>\t%\t≥70"].join("\n"));
    expect(table?.rows.map((r) => [r.cells[1], r.italic[1]])).toEqual([["Tỷ lệ hồ sơ", false], ["Cấp tỉnh", true]]);
  });

  it("does not append a note under a section row to that section", () => {
    const [table] = tables(["STT\tMục tiêu\tMục tiêu năm 2026", "IV\tChuyển đổi số\t", "", "\tThực hiện theo Phụ lục I\t"].join("\n"));
    expect(table?.rows).toHaveLength(2);
  });

  it("reads pipe rows, skipping the separator and the column-number row, keeping LaTeX", () => {
    const [table] = tables(["| TT | Chỉ tiêu | Mục tiêu |", "|---|:---|---:|", "| 1 | 2 | 3 |", "| 1 | Chi R&D/GRDP | $\\geq 2\\%$ |", "| 2 | A \\| B | **≥ 5** |"].join("\n"));
    expect(table?.format).toBe("pipe");
    expect(table?.header).toEqual(["TT", "Chỉ tiêu", "Mục tiêu"]);
    expect(table?.rows.map((r) => r.cells)).toEqual([["1", "Chi R&D/GRDP", "$\\geq 2\\%$"], ["2", "A | B", "≥ 5"]]);
  });

  it("completes a grouped header with the row of years under it", () => {
    const [table] = tables(["| TT | Chỉ tiêu | Mục tiêu | | |", "|---|---|---|---|---|", "| | | 2025 | 2030 | 2035 |", "| 1 | Tỷ lệ | 20% | 50% | 80% |"].join("\n"));
    expect(table?.header).toEqual(["TT", "Chỉ tiêu", "Mục tiêu 2025", "Mục tiêu 2030", "Mục tiêu 2035"]);
  });

  it("does not take a single 'Năm 2026' row for part of the header", () => {
    const [table] = tables(["| TT | Chỉ tiêu | Mục tiêu |", "|---|---|---|", "| | **Năm 2026** | |", "| 1 | Tỷ lệ | 20% |"].join("\n"));
    expect(table?.header).toEqual(["TT", "Chỉ tiêu", "Mục tiêu"]);
    expect(table?.rows).toHaveLength(2);
  });

  it("does not start a table at a prose line with one stray tab", () => {
    expect(readTableRows("Nơi nhận:\t").map((b) => b.type)).toEqual(["text"]);
  });
});
