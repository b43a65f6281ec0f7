import { describe, expect, it } from "vitest";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { readSeed } from "./seeds.ts";

describe("seed 004: Thái Nguyên's plan with three appendices (HTML in cells)", async () => {
  const seed = readSeed("004");
  const catalogue = await importCatalogue(seed);
  const indicator = (code: string) => {
    const found = catalogue.indicators.find((i) => i.code === code);
    if (!found) throw new Error(`no indicator ${code}`);
    return found;
  };
  const task = (code: string) => {
    const found = catalogue.tasks.find((t) => t.code === code);
    if (!found) throw new Error(`no task ${code}`);
    return found;
  };

  it("reads the 17 indicators of Appendix I, numbered through the document", () => {
    const top = catalogue.indicators.filter((i) => i.parentCode === undefined);
    expect(top.map((i) => i.code)).toEqual(Array.from({ length: 17 }, (_, i) => String(i + 1)));
    expect(top.map((i) => i.printedNumber).slice(0, 2)).toEqual(["1.", "2."]);
    for (const i of top.filter((i) => i.code !== "6")) {
      expect(i.targets.map((t) => t.year), i.code).toEqual([2026]);
      expect(i.unitOfMeasure, i.code).toBeDefined();
      expect(i.sourceDocument, i.code).toBeDefined();
    }
    expect(indicator("1")).toMatchObject({ unitOfMeasure: "%", valueKind: "percent", direction: "higher", lead: ["Sở Tài chính"] });
    expect(indicator("1").targets[0]?.parsed).toMatchObject({ kind: "at_least", value: 35 });
  });

  it("strips HTML from cells", () => {
    expect(indicator("2").sourceDocument).toContain("“Tỉ lệ đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế”");
    expect(indicator("2").sourceDocument).not.toMatch(/<\/?i>/);
  });

  it("reads #6's province and commune sub-rows as sub-indicators 6.1 and 6.2 with targets ≥ 70", () => {
    const six = indicator("6");
    expect(six.targets).toEqual([]);
    expect(six.unitOfMeasure).toBe("%");
    expect(six.needsReview).toBe(false);
    const levels = catalogue.indicators.filter((i) => i.parentCode === "6");
    expect(levels.map((i) => i.code)).toEqual(["6.1", "6.2"]);
    expect(levels.map((i) => i.targets[0]?.level)).toEqual(["Cấp tỉnh", "Cấp xã"]);
    for (const level of levels) {
      expect(level.targets).toHaveLength(1);
      expect(level.targets[0]).toMatchObject({ year: 2026, raw: "≥70", parsed: { kind: "at_least", value: 70 } });
      expect(level.unitOfMeasure).toBe("%");
      expect(level.lead).toEqual(six.lead);
      expect(level.needsReview).toBe(false);
    }
    expect(indicator("6.1").name).toBe(`${six.name} (Cấp tỉnh)`);
    expect(indicator("7").code).toBe("7");
  });

  it("reads #16's target '01' with unit 'Trung tâm'", () => {
    const sixteen = indicator("16");
    expect(sixteen.unitOfMeasure).toBe("Trung tâm");
    expect(sixteen.targets[0]).toMatchObject({ year: 2026, raw: "01", parsed: { kind: "at_least", value: 1 } });
  });

  it("reads the 8 tasks of Appendix II and the 2 of Appendix III, prefixed by appendix", () => {
    expect(catalogue.tasks).toHaveLength(10);
    expect(catalogue.tasks.map((t) => t.code)).toEqual([
      ...["PL2.1", "PL2.2", "PL2.3", "PL2.4", "PL2.5", "PL2.6", "PL2.7", "PL2.8"],
      ...["PL3.1", "PL3.2"],
    ]);
    expect(task("PL2.4").section).toEqual({ code: "PL2.IV", title: "PHÁT TRIỂN DỮ LIỆU, ĐỊNH DANH, TRIỂN KHAI ĐỀ ÁN 06, VÀ VNEID" });
    expect(task("PL3.1").section).toBeUndefined();
  });

  it("parses every task's deadline", () => {
    for (const t of catalogue.tasks) expect(t.deadline, t.code).toBeDefined();
    expect(task("PL2.4").deadline?.parsed).toMatchObject({ kind: "quarter", year: 2026, quarter: 2 });
    expect(task("PL2.5").deadline?.parsed).toMatchObject({ kind: "quarter", year: 2026, quarter: 1 });
    expect(task("PL2.7").deadline?.parsed).toMatchObject({ kind: "date", date: "2026-06-30" });
    expect(task("PL2.2").deadline?.parsed.kind).toBe("continuous");
    expect(task("PL3.1").deadline?.parsed.kind).toBe("continuous");
    expect(task("PL3.2").deadline?.parsed).toMatchObject({ kind: "quarter", quarter: 2 });
    expect(task("PL2.1").deadline?.parsed.kind).toBe("none");
  });

  it("joins task cells continued after the repeated bold header", () => {
    const three = task("PL2.3");
    expect(three.name).toMatch(/kết quả giải quyết thủ tục hành chính theo quy định$/);
    expect(three.unitCells?.coordinating).toBe("Sở Tư pháp, Công an tỉnh, Văn phòng UBND tỉnh");
    expect(three.expectedResult).toBe("Các dữ liệu được số hóa, cập nhật đầy đủ, chính xác, kịp thời");
    const seven = task("PL2.7");
    expect(seven.name).toContain("mô hình chợ số - nông thôn số");
    expect(seven.expectedResult).toBe("Phương án được trình cấp có thẩm quyền xem xét, phê duyệt; Triển khai hiệu quả nền tảng Bình dân học vụ số");
    expect(seven.basis).toMatch(/Bộ Tài chính đã thống nhất\.$/);
  });

  it("keeps lead, coordinating, result and basis of tasks", () => {
    expect(task("PL2.2")).toMatchObject({
      lead: ["Sở Tài chính", "Cơ quan tài chính các cấp"],
      coordinating: ["Sở Tài chính", "Sở Khoa học và Công nghệ"],
      expectedResult: "Tình hình phân bổ dự toán được theo dõi, giám sát thường xuyên",
      basis: "Luật Ngân sách nhà nước (Điều 51, Khoản 3 Điều 7)",
    });
  });

  it("lists the three appendices and flags only the blank plan number", () => {
    expect(catalogue.appendices?.map((a) => a.code)).toEqual(["PL1", "PL2", "PL3"]);
    expect(catalogue.plan).toMatchObject({ number: "", issuer: "UBND tỉnh Thái Nguyên" });
    expect(catalogue.problems).toEqual([expect.objectContaining({ line: 3, severity: "review", code: "missing_plan_number", text: "Số: /KH-UBND" })]);
  });
});
