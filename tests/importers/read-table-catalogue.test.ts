import { describe, expect, it } from "vitest";
import { readTableCatalogue } from "../../src/importers/table/read-table-catalogue.ts";

const tsv = (...rows: string[][]) => rows.map((r) => r.join("\t")).join("\n");

describe("readTableCatalogue", () => {
  it("assumes the plan's year for a target column without one, and flags it", () => {
    const doc = ["Số: 7/KH-UBND", "Hà Giang, ngày 02 tháng 3 năm 2026", tsv(["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"], ["1", "Tỷ lệ phủ sóng 5G", "%", "≥ 90%"])].join("\n");
    const catalogue = readTableCatalogue(doc);
    expect(catalogue.plan).toEqual({ number: "7/KH-UBND", date: "2026-03-02" });
    expect(catalogue.indicators[0]).toMatchObject({ code: "1", needsReview: true, targets: [{ year: 2026, raw: "≥ 90%" }] });
    expect(catalogue.problems).toEqual([expect.objectContaining({ line: 4, severity: "review", code: "target_year_assumed" })]);
  });

  it("leaves out a target no year can be found for, and says so", () => {
    const doc = ["Số: 7/KH-UBND", tsv(["TT", "Chỉ tiêu", "Mục tiêu"], ["1", "Tỷ lệ phủ sóng 5G", "≥ 90%"])].join("\n");
    const catalogue = readTableCatalogue(doc);
    expect(catalogue.indicators[0]).toMatchObject({ targets: [], needsReview: true });
    expect(catalogue.problems.map((p) => p.code)).toEqual(["unknown_target_year"]);
  });

  it("checks the count a section title announces", () => {
    const doc = ["Số: 7/KH-UBND", tsv(["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"], ["I", "TIÊU CHÍ ĐẦU VÀO (03 CHỈ SỐ)", "", ""], ["1", "Số nhóm nghiên cứu mạnh", "Sở Khoa học và Công nghệ", "05/12/2026"], ["2", "Tổng chi cho KH&CN", "Sở Tài chính", "05/12/2026"])].join("\n");
    const catalogue = readTableCatalogue(doc);
    expect(catalogue.indicators.map((i) => i.code)).toEqual(["1", "2"]);
    expect(catalogue.problems).toEqual([expect.objectContaining({ line: 3, code: "section_count_mismatch", severity: "review" })]);
  });

  it("reports rows it cannot place, each with its line", () => {
    const doc = [
      "Số: 7/KH-UBND",
      tsv(
        ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu năm 2026", "Ghi chú"],
        ["", "<i>Cấp tỉnh</i>", "%", "≥ 70", ""],
        ["1", "", "%", "100%", ""],
        ["2", "Tỷ lệ hồ sơ trực tuyến", "%", "", ""],
        ["2", "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", "80%", "Số liệu của Văn phòng UBND tỉnh"],
        ["-", "Gạch đầu dòng", "", "", "x"],
      ),
    ].join("\n");
    const catalogue = readTableCatalogue(doc);
    expect(catalogue.problems.map((p) => [p.line, p.severity, p.code])).toEqual([
      [3, "error", "orphan_level_row"],
      [4, "error", "missing_name"],
      [5, "review", "missing_target"],
      [6, "review", "duplicate_number"],
      [7, "error", "unreadable_row"],
    ]);
    expect(catalogue.indicators.map((i) => i.code)).toEqual(["2", "2-2"]);
    expect(catalogue.indicators[1]?.note).toBe("Số liệu của Văn phòng UBND tỉnh");
  });

  it("reports every row of a table it does not recognise", () => {
    const doc = ["Số: 7/KH-UBND", tsv(["Họ và tên", "Chức vụ", "Điện thoại"], ["Nguyễn Văn A", "Chuyên viên", "0912345678"])].join("\n");
    const catalogue = readTableCatalogue(doc);
    expect(catalogue.indicators).toEqual([]);
    expect(catalogue.problems.map((p) => [p.line, p.severity, p.code])).toEqual([
      [2, "error", "unrecognised_table"],
      [3, "error", "unrecognised_table"],
    ]);
  });

  it("reports a column it does not know", () => {
    const doc = ["Số: 7/KH-UBND", tsv(["TT", "Tên nhiệm vụ", "Kết quả", "Thời hạn", "Kinh phí"], ["1", "Ban hành kế hoạch", "Kế hoạch", "Quý I/2026", "50 triệu"])].join("\n");
    const catalogue = readTableCatalogue(doc);
    expect(catalogue.tasks[0]).toMatchObject({ code: "1", expectedResult: "Kế hoạch", deadline: { parsed: { kind: "quarter" } } });
    expect(catalogue.problems).toEqual([expect.objectContaining({ line: 2, code: "unknown_column", message: expect.stringContaining("Kinh phí") })]);
  });

  it("flags a task without a deadline, and one whose figures cannot be read", () => {
    const doc = ["Số: 7/KH-UBND", tsv(["TT", "Tên nhiệm vụ", "Sản phẩm", "Thời hạn"], ["1", "Ban hành kế hoạch", "Kế hoạch", ""], ["2", "Tổ chức hội nghị", "Hội nghị", "Quý V/2026"])].join("\n");
    const catalogue = readTableCatalogue(doc);
    expect(catalogue.tasks.map((t) => t.needsReview)).toEqual([true, true]);
    expect(catalogue.problems.map((p) => p.code)).toEqual(["missing_deadline", "unparsed_deadline"]);
  });
});
