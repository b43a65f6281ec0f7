import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { problemMessage } from "../../src/importers/problem-message.ts";
import { readFixture } from "./seeds.ts";

const XLSX = fileURLToPath(new URL("../../docs/catalogue-template.xlsx", import.meta.url));

describe("the catalogue template", () => {
  it("imports the sample CSV with zero problems", async () => {
    const catalogue = await importCatalogue({ text: readFixture("catalogue-template.csv"), fileName: "catalogue-template.csv" });
    expect(catalogue.problems).toEqual([]);
    expect(catalogue.format).toBe("template");
    expect(catalogue.plan).toEqual({
      number: "00/KH-MAU",
      date: "2026-02-06",
      issuer: "UBND tỉnh Thái Nguyên",
      title: "Kế hoạch MẪU (ví dụ): thay số, ngày, cơ quan ban hành và tên bằng của kế hoạch thật",
    });
    expect(catalogue.indicators.map((i) => i.code)).toEqual(["I.1", "II.1", "II.2", "III.1", "IV.6", "IV.6.1", "IV.6.2", "IV.16"]);
    expect(catalogue.tasks.map((t) => t.code)).toEqual(["PL2.4", "PL2.7", "PL2.8", "PL2.9"]);
  });

  it("reads targets per horizon column, baselines, levels and unit lists", async () => {
    const { indicators, tasks } = await importCatalogue({ text: readFixture("catalogue-template.csv"), fileName: "t.csv" });
    const byCode = (code: string) => indicators.find((i) => i.code === code);
    expect(byCode("II.2")?.targets.map((t) => [t.year, t.parsed.kind])).toEqual([[2026, "at_least"], [2030, "range"]]);
    expect(byCode("II.2")?.baseline).toEqual({ raw: "1.250", value: 1250, year: 2025 });
    expect(byCode("II.2")?.coordinating).toEqual(["Sở Khoa học và Công nghệ", "Thống kê tỉnh"]);
    expect(byCode("III.1")).toMatchObject({ direction: "lower", section: { code: "III", title: "Phát triển hệ sinh thái đổi mới sáng tạo" } });
    expect(byCode("IV.6.1")).toMatchObject({ parentCode: "IV.6", targets: [{ year: 2026, level: "Cấp tỉnh", parsed: { kind: "at_least", value: 70 } }] });
    expect(byCode("IV.6")).toMatchObject({ targets: [], needsReview: false, direction: "higher" });
    expect(byCode("IV.16")?.targets[0]).toMatchObject({ raw: "01", parsed: { kind: "at_least", value: 1 } });
    expect(tasks.map((t) => t.deadline?.parsed.kind)).toEqual(["quarter", "date", "continuous", "recurring"]);
    expect(tasks[1]?.section).toEqual({ code: "PL2.V", title: "Đào tạo bồi dưỡng, phát triển nhân lực, kỹ năng số" });
  });

  it("imports docs/catalogue-template.xlsx exactly as the CSV it was made from", async () => {
    const fromXlsx = await importCatalogue({ bytes: new Uint8Array(readFileSync(XLSX)), fileName: "catalogue-template.xlsx" });
    const fromCsv = await importCatalogue({ text: readFixture("catalogue-template.csv"), fileName: "catalogue-template.csv" });
    expect(fromXlsx).toEqual(fromCsv);
  });

  it("reads a percentage typed as a number in Excel as the text Excel shows", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow(["type", "code", "name", "unit_of_measure", "target_2026", "plan_number", "plan_date"]);
    sheet.addRow(["indicator", "1", "Tỷ lệ hồ sơ xử lý trực tuyến", "%", 0.95, "52/KH-UBND", new Date(Date.UTC(2026, 1, 6))]);
    sheet.getCell("E2").numFmt = "0%";
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const catalogue = await importCatalogue({ bytes, fileName: "upload.xlsx" });
    expect(catalogue.problems).toEqual([]);
    expect(catalogue.plan.date).toBe("2026-02-06");
    expect(catalogue.indicators[0]?.targets[0]).toMatchObject({ raw: "95%", parsed: { kind: "at_least", value: 95, percent: true } });
  });

  it("lists every mistake of a broken template by line and imports the good rows", async () => {
    const text = [
      "type,code,name,unit_of_measure,target_2026,lead,deadline,expected_result,plan_number",
      "indicator,I.1,Tỷ lệ dân số được phủ sóng 5G,%,≥ 90%,Sở Khoa học và Công nghệ,,,52/KH-UBND",
      "indicator,I.2,,%,≥ 70%,Sở Khoa học và Công nghệ,,,",
      "indicator,I.3,Số doanh nghiệp khởi nghiệp sáng tạo,doanh nghiệp,≥ 1O,Sở Khoa học và Công nghệ,,,",
      "task,T.1,Ban hành kế hoạch chuyển đổi số,,,Sở Khoa học và Công nghệ,32/13/2026,Kế hoạch được ban hành,",
      "chỉ tiêu,I.1,Trùng mã với dòng 2,%,100%,Sở Tài chính,,,",
      "goal,X,Loại không hợp lệ,,,,,,",
      "task,T.2,Nhiệm vụ có chỉ tiêu,,≥ 5,Sở Nội vụ,Quý II/2026,,",
      '"nhiệm vụ",T.3,"Tổ chức Ngày hội khởi nghiệp',
      'đổi mới sáng tạo",,,Sở Khoa học và Công nghệ,Tháng 10/2026,Ngày hội được tổ chức,',
      "indicator,I.4,,%,,,,,",
    ].join("\n");
    const catalogue = await importCatalogue({ text, fileName: "broken.csv" });
    expect(catalogue.problems.map((p) => [p.line, p.severity, p.code, p.message.split(".")[0]])).toEqual([
      [3, "error", "invalid_row", "name: name is empty"],
      [4, "error", "invalid_row", 'target_2026: target "≥ 1O" is neither a number, a range, a rank nor plain text'],
      [5, "error", "invalid_row", 'deadline: deadline "32/13/2026" is not a date, month, quarter or year'],
      [6, "error", "duplicate_code", "code: I"],
      [7, "error", "invalid_row", 'type: type must be "indicator" or "task"'],
      [8, "error", "invalid_row", "target_2026: this column applies to indicators only"],
      [11, "error", "invalid_row", "name: name is empty"],
    ]);
    // In Vietnamese, each reason is Vietnamese too (zod's and the template's English stay out of it).
    const vi = createTranslator("vi");
    expect(catalogue.problems.map((p) => problemMessage((m) => vi.t("vi", m), p))).toEqual([
      "name: tên để trống. Không nhập dòng này.",
      'target_2026: mục tiêu "≥ 1O" bắt đầu như một con số nhưng không đọc được thành số, khoảng hay thứ hạng (kiểm tra chữ O thay cho số 0). Không nhập dòng này.',
      'deadline: thời hạn "32/13/2026" không phải ngày, tháng, quý hay năm. Không nhập dòng này.',
      "code: I.1 đã dùng cho một chỉ tiêu khác. Không nhập dòng này.",
      'type: "goal" không phải chỉ tiêu hay nhiệm vụ (ghi "chỉ tiêu" hoặc "nhiệm vụ"). Không nhập dòng này.',
      "target_2026: cột này chỉ dùng cho chỉ tiêu, không dùng cho nhiệm vụ. Không nhập dòng này.",
      "name: tên để trống. Không nhập dòng này.",
    ]);
    expect(catalogue.problems[0]?.text).toBe("indicator,I.2,,%,≥ 70%,Sở Khoa học và Công nghệ,,,");
    expect(catalogue.indicators.map((i) => i.code)).toEqual(["I.1"]);
    expect(catalogue.tasks.map((t) => [t.code, t.name, t.line])).toEqual([["T.3", "Tổ chức Ngày hội khởi nghiệp\nđổi mới sáng tạo", 9]]);
  });

  it("refuses a file without the required columns", async () => {
    const catalogue = await importCatalogue({ text: "stt,noi dung\n1,Tỷ lệ phủ sóng 5G\n", fileName: "wrong.csv" });
    expect(catalogue.indicators).toEqual([]);
    expect(catalogue.problems).toEqual([
      expect.objectContaining({ line: 1, severity: "error", code: "missing_column", message: expect.stringContaining("type, code, name") }),
    ]);
  });

  it("accepts Excel's semicolon CSV with a BOM", async () => {
    const text = "\uFEFFtype;code;name;unit_of_measure;target_2026;plan_number\nindicator;1;Tỷ lệ phủ sóng 5G;%;≥ 90%;52/KH-UBND\n";
    const catalogue = await importCatalogue({ text, fileName: "excel.csv" });
    expect(catalogue.problems).toEqual([]);
    expect(catalogue.indicators[0]?.targets[0]?.parsed).toMatchObject({ kind: "at_least", value: 90 });
  });

  it("reads Vietnamese column headers, with or without diacritics, as the English ones", async () => {
    const vietnamese = "Loại,Mã,Tên chỉ tiêu nhiệm vụ,Đơn vị tính,Mục tiêu năm 2026,Co quan chu tri,So ke hoach\nchỉ tiêu,1,Tỷ lệ phủ sóng 5G,%,≥ 90%,Sở KH&CN,00/KH-MAU\n";
    const english = "type,code,name,unit_of_measure,target_2026,lead,plan_number\nchỉ tiêu,1,Tỷ lệ phủ sóng 5G,%,≥ 90%,Sở KH&CN,00/KH-MAU\n";
    const fromVietnamese = await importCatalogue({ text: vietnamese, fileName: "mau.csv" });
    expect(fromVietnamese.problems).toEqual([]);
    expect(fromVietnamese).toEqual(await importCatalogue({ text: english, fileName: "mau.csv" }));
    expect(fromVietnamese.indicators[0]).toMatchObject({ unitOfMeasure: "%", lead: ["Sở KH&CN"] });
  });
});
