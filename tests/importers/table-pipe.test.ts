import { describe, expect, it } from "vitest";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { readFixture } from "./seeds.ts";

describe("a pipe-table plan (tests/fixtures/pipe-plan.md)", async () => {
  const text = readFixture("pipe-plan.md");
  const catalogue = await importCatalogue({ text, fileName: "pipe-plan.md" });
  const indicator = (code: string) => {
    const found = catalogue.indicators.find((i) => i.code === code);
    if (!found) throw new Error(`no indicator ${code}; have ${catalogue.indicators.map((i) => i.code).join(", ")}`);
    return found;
  };

  it("reads the plan header", () => {
    expect(catalogue.format).toBe("table");
    expect(catalogue.plan).toMatchObject({ number: "118/KH-UBND", date: "2026-04-15", issuer: "UBND tỉnh Lào Cai" });
    expect(catalogue.plan.title).toMatch(/^Phát triển khoa học, công nghệ/);
  });

  it("codes items by their numbered section, sub-items under their item", () => {
    expect(catalogue.indicators.map((i) => i.code)).toEqual(["I.1.1", "I.1.2", "I.2.1", "I.2.2", "I.2.2.1", "I.2.2.2", "I.2.3", "II.1.2", "II.2.2"]);
    expect(indicator("I.2.2.1")).toMatchObject({ parentCode: "I.2.2", printedNumber: "2.1", section: { code: "PL1.I.2", title: "Phát triển nguồn lực" } });
  });

  it("aims rows under 'Năm 2026' at 2026 and rows under 'Đến hết năm 2030' at 2030", () => {
    expect(indicator("I.1.2").targets).toEqual([expect.objectContaining({ year: 2026, raw: "95%" })]);
    expect(indicator("II.1.2").targets).toEqual([expect.objectContaining({ year: 2030, raw: "≥ 80%" })]);
    expect(indicator("II.2.2").targets[0]).toMatchObject({ year: 2030, parsed: { kind: "at_least", value: 1500 } });
  });

  it("adds a row repeated under the 2030 horizon to the same indicator", () => {
    expect(indicator("I.1.1").targets.map((t) => [t.year, t.raw])).toEqual([[2026, "≥ 90%"], [2030, "100%"]]);
    const pii = indicator("I.2.3");
    expect(pii.targets.map((t) => [t.year, t.parsed.kind])).toEqual([[2026, "at_most"], [2030, "qualitative"]]);
    expect(pii.direction).toBe("lower");
  });

  it("reads the baseline column with its year", () => {
    expect(indicator("I.1.2").baseline).toEqual({ raw: "85,5", value: 85.5, year: 2025 });
    expect(indicator("I.2.3").baseline).toEqual({ raw: "25/34", year: 2025 });
  });

  it("reads LaTeX and range targets", () => {
    expect(indicator("I.2.1").targets[0]?.parsed).toMatchObject({ kind: "at_least", value: 3, percent: true });
    expect(indicator("I.2.2.2").targets[0]?.parsed).toMatchObject({ kind: "range", min: 8, max: 10 });
  });

  it("drops the repeated header and the column-number row, and joins the cell continued after them", () => {
    expect(indicator("I.2.2.2").unitCells?.coordinating).toBe("Thống kê tỉnh; Sở Nội vụ; Các viện nghiên cứu, trường đại học trên địa bàn tỉnh");
    expect(catalogue.problems.some((p) => p.text.startsWith("TT |") || p.text.startsWith("1 | 2 | 3"))).toBe(false);
  });

  it("gives a parent item without targets its sub-items' unit and no missing-target flag", () => {
    expect(indicator("I.2.2")).toMatchObject({ targets: [], unitOfMeasure: "Người", needsReview: false });
  });

  it("reads the task appendix with <b> section rows and every kind of deadline", () => {
    expect(catalogue.tasks.map((t) => [t.code, t.section?.code, t.deadline?.parsed.kind])).toEqual([
      ["1", "PL2.I", "date"],
      ["2", "PL2.I", "quarter"],
      ["3", "PL2.II", "month"],
      ["4", "PL2.II", "continuous"],
    ]);
    expect(catalogue.tasks[0]).toMatchObject({ expectedResult: "Cơ sở dữ liệu được đưa vào vận hành", coordinating: ["Các sở, ban, ngành", "UBND các xã, phường"] });
  });

  it("reports the note row under the table and nothing else", () => {
    expect(catalogue.problems).toEqual([expect.objectContaining({ line: 50, severity: "review", code: "note_row" })]);
  });
});
