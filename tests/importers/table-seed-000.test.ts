import { describe, expect, it } from "vitest";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { readSeed } from "./seeds.ts";

describe("seed 000: Appendix 01 of Plan 52/KH-UBND (tab-separated)", async () => {
  const seed = readSeed("000");
  const catalogue = await importCatalogue(seed);
  const byCode = (code: string) => {
    const found = catalogue.indicators.find((i) => i.code === code);
    if (!found) throw new Error(`no indicator ${code}`);
    return found;
  };

  it("is read by the table reader with the plan's number, date and issuer", () => {
    expect(catalogue.format).toBe("table");
    expect(catalogue.plan).toEqual({ number: "52/KH-UBND", date: "2026-02-06", issuer: "Ủy ban nhân dân tỉnh" });
  });

  it("reads every numbered indicator of sections I–III (7 + 5 + 7), coded per section", () => {
    const codes = catalogue.indicators.map((i) => i.code);
    expect(codes).toEqual([
      ...["I.1", "I.2", "I.3", "I.4", "I.5", "I.6", "I.7"],
      ...["II.1", "II.2", "II.3", "II.4", "II.5"],
      ...["III.1", "III.2", "III.3", "III.4", "III.5", "III.6", "III.7"],
    ]);
    expect(catalogue.tasks).toEqual([]);
  });

  it("gives every indicator its 2026 target", () => {
    for (const indicator of catalogue.indicators) {
      expect(indicator.targets.map((t) => t.year), indicator.code).toEqual([2026]);
    }
    expect(byCode("I.2").targets[0]?.parsed).toMatchObject({ kind: "at_least", value: 70, percent: true });
    expect(byCode("I.5").targets[0]?.parsed).toMatchObject({ kind: "at_least", value: 3 });
  });

  it("reads the LaTeX target of II.1 as at least 3 percent", () => {
    const ii1 = byCode("II.1");
    expect(ii1.targets[0]?.raw).toBe("$\\geq 3\\%$");
    expect(ii1.targets[0]?.parsed).toMatchObject({ kind: "at_least", value: 3, percent: true });
    expect(ii1.direction).toBe("higher");
  });

  it("reads III.2 (PII rank ≤ 23) as at most 23, lower is better", () => {
    const iii2 = byCode("III.2");
    expect(iii2.name).toBe("Chỉ số PII cấp tỉnh");
    expect(iii2.targets[0]?.parsed).toMatchObject({ kind: "at_most", value: 23 });
    expect(iii2.direction).toBe("lower");
  });

  it("joins the monitoring cell of III.3 that continues after the repeated header", () => {
    const iii3 = byCode("III.3");
    expect(iii3.unitCells?.monitoring).toBe("Các sở, ban, ngành, địa phương, HHDN, LMHTX và các đơn vị tổ chức, cá nhân có liên quan");
    expect(iii3.monitoring.join(" | ")).toContain("LMHTX");
    expect(iii3.monitoring.at(-1)).toContain("các đơn vị tổ chức, cá nhân có liên quan");
    expect(iii3.lead).toEqual(["Sở Khoa học và Công nghệ"]);
    expect(byCode("III.4").line).toBe(35);
  });

  it("splits unit cells into lead and monitoring names", () => {
    expect(byCode("I.2").lead).toEqual(["Các tổ chức chủ trì thực hiện nhiệm vụ", "Sở Khoa học và Công nghệ"]);
    expect(byCode("II.1").monitoring).toEqual(["Sở Tài chính"]);
  });

  it("reports section IV's note as a review problem, not an indicator", () => {
    expect(catalogue.problems).toEqual([
      expect.objectContaining({ line: 40, severity: "review", code: "note_row", text: expect.stringContaining("Phụ lục I, Kế hoạch 215/KH-UBND") }),
    ]);
    expect(catalogue.indicators.some((i) => i.section?.code === "IV")).toBe(false);
  });

  it("keeps the section of each indicator", () => {
    expect(byCode("II.3").section).toEqual({ code: "II", title: "Phát triển tiềm lực khoa học và công nghệ" });
    expect(byCode("III.7").printedNumber).toBe("7");
  });
});
