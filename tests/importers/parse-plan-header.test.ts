import { describe, expect, it } from "vitest";
import { parsePlanHeader } from "../../src/importers/table/parse-plan-header.ts";

const lines = (...texts: string[]) => texts.map((text, i) => ({ line: i + 1, text }));

describe("parsePlanHeader", () => {
  it("reads the number, date and issuer of the plan an appendix is attached to", () => {
    expect(parsePlanHeader(lines("(Kèm theo Kế hoạch số. 52/KH-UBND ngày 06/02/2026 của Ủy ban nhân dân tỉnh)"))).toEqual({
      plan: { number: "52/KH-UBND", date: "2026-02-06", issuer: "Ủy ban nhân dân tỉnh" },
      year: 2026,
      problems: [],
    });
    expect(parsePlanHeader(lines("(Kèm theo Kế hoạch số: 30 /KH-SKHCN ngày 20 /9/2025 của Sở Khoa học và Công nghệ)")).plan).toEqual({
      number: "30/KH-SKHCN",
      date: "2025-09-20",
      issuer: "Sở Khoa học và Công nghệ",
    });
  });

  it("leaves a blank number empty with a review problem rather than making one up", () => {
    const header = parsePlanHeader(lines("Số: /KH-UBND", "Thái Nguyên, ngày tháng 3 năm 2026", "## KẾ HOẠCH", "**Triển khai thực hiện Quyết định số 11/QĐ-BCĐCP**"));
    expect(header.plan).toEqual({ number: "", title: "Triển khai thực hiện Quyết định số 11/QĐ-BCĐCP" });
    expect(header.year).toBe(2026);
    expect(header.problems).toEqual([expect.objectContaining({ line: 1, severity: "review", code: "missing_plan_number", text: "Số: /KH-UBND" })]);
  });

  it("uses the caller's number for a blank one", () => {
    const header = parsePlanHeader(lines("(Kèm theo Quyết định số /QĐ-UBND ngày / /2026 của Chủ tịch UBND tỉnh Bắc Ninh)"), { planNumber: "12/KH-UBND" });
    expect(header).toEqual({ plan: { number: "12/KH-UBND", issuer: "Chủ tịch UBND tỉnh Bắc Ninh" }, year: 2026, problems: [] });
  });

  it("prefers the caller's number over the document's and says so", () => {
    const header = parsePlanHeader(lines("Số: 118/KH-UBND"), { planNumber: "119/KH-UBND" });
    expect(header.plan.number).toBe("119/KH-UBND");
    expect(header.problems).toEqual([expect.objectContaining({ code: "plan_number_mismatch", severity: "review" })]);
  });

  it("ignores other plans cited in the body", () => {
    const header = parsePlanHeader(lines("Số: /KH-UBND", "1. Các chỉ tiêu tại Phụ lục I kèm theo Kế hoạch số 129/KH-UBND ngày 14/11/2025;"));
    expect(header.plan.number).toBe("");
  });
});
