import { describe, expect, it } from "vitest";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { readSeed } from "./seeds.ts";

describe("seed 002: Bắc Ninh's 2026 evaluation plan (50 indices in a 'Nhiệm vụ' table)", async () => {
  const seed = readSeed("002");
  const catalogue = await importCatalogue(seed);
  const byCode = (code: string) => {
    const found = catalogue.indicators.find((i) => i.code === code);
    if (!found) throw new Error(`no indicator ${code}`);
    return found;
  };

  it("imports the 50 indices as indicators in five groups of 7, 9, 15, 10 and 9", () => {
    expect(catalogue.indicators).toHaveLength(50);
    expect(catalogue.tasks).toEqual([]);
    const groups = new Map<string, number>();
    for (const i of catalogue.indicators) groups.set(i.section?.code ?? "", (groups.get(i.section?.code ?? "") ?? 0) + 1);
    expect([...groups]).toEqual([["I", 7], ["II", 9], ["III", 15], ["IV", 10], ["V", 9]]);
    expect(catalogue.indicators.at(0)?.code).toBe("I.1");
    expect(catalogue.indicators.at(-1)?.code).toBe("V.9");
  });

  it("gives every index a lead unit, coordinating units and the deadline 05/12/2026", () => {
    for (const i of catalogue.indicators) {
      expect(i.lead.length, i.code).toBeGreaterThan(0);
      expect(i.coordinating.length, i.code).toBeGreaterThan(0);
      expect(i.deadline?.parsed, i.code).toMatchObject({ kind: "date", date: "2026-12-05" });
      expect(i.targets, i.code).toEqual([]);
    }
  });

  it("joins coordinating cells that continue on a line starting with tabs", () => {
    expect(byCode("I.6").coordinating.at(-1)).toMatch(/trường Đại học trên địa bàn tỉnh$/);
    expect(byCode("I.6").unitCells?.coordinating).toBe("Các cơ quan liên quan, UBND xã, phường; Các Viện nghiên cứu, trường Đại học trên địa bàn tỉnh");
    expect(byCode("III.2").coordinating.at(-1)).toMatch(/Môi trường$/);
    expect(byCode("III.2").unitCells?.coordinating).toBe("Sở Công Thương, Sở Nông nghiệp và Môi trường");
  });

  it("joins the name and lead cells broken across the page after IV.5", () => {
    const iv5 = byCode("IV.5");
    expect(iv5.name).toBe("Số lượng doanh nghiệp hưởng lợi từ sử dụng kết quả nghiên cứu");
    expect(iv5.lead).toEqual(["Sở Khoa học và Công nghệ"]);
    expect(iv5.unitCells?.coordinating).toBe("Thống kê tỉnh; Các doanh nghiệp hoạt động trên địa bàn tỉnh");
  });

  it("reads section titles written in the number cell", () => {
    expect(byCode("II.1").section).toEqual({ code: "II", title: "TIÊU CHÍ VỀ KHOA HỌC (9 CHỈ SỐ)" });
    expect(byCode("III.1").section?.code).toBe("III");
  });

  it("leaves the blank plan number empty and asks for it", () => {
    expect(catalogue.plan.number).toBe("");
    expect(catalogue.plan.issuer).toBe("Chủ tịch UBND tỉnh Bắc Ninh");
    expect(catalogue.problems).toEqual([expect.objectContaining({ line: 99, severity: "review", code: "missing_plan_number" })]);
  });

  it("uses the caller's plan number when the document leaves it blank", async () => {
    const numbered = await importCatalogue({ ...seed, planNumber: "215/KH-UBND" });
    expect(numbered.plan.number).toBe("215/KH-UBND");
    expect(numbered.problems).toEqual([]);
  });
});
