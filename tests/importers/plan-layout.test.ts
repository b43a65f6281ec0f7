import { describe, expect, it } from "vitest";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { planLayout } from "../../src/importers/plan-layout.ts";
import type { ImportedCatalogue, ImportedTableLayout } from "../../src/importers/types.ts";
import { readFixture, readSeed } from "./seeds.ts";

const sections = (t: ImportedTableLayout) => t.rows.flatMap((r) => (r.type === "section" ? [r.code] : []));
const items = (t: ImportedTableLayout) => t.rows.flatMap((r) => (r.type === "item" ? [r.code] : []));

/** Every item of the catalogue appears once, in the catalogue's (document) order. */
function expectEveryItemInOrder(c: ImportedCatalogue, layout: ImportedTableLayout[]) {
  expect(layout.filter((t) => t.kind === "indicator").flatMap(items)).toEqual(c.indicators.map((i) => i.code));
  expect(layout.filter((t) => t.kind === "task").flatMap(items)).toEqual(c.tasks.map((i) => i.code));
}

describe("plan layout kept at import", () => {
  it("keeps seed 000's header as written and its sections I–IV with titles", async () => {
    const { text, fileName } = readSeed("000");
    const c = await importCatalogue({ text, fileName });
    const [table, ...rest] = planLayout(c);
    expect(rest).toHaveLength(0);
    expect(table!.headers).toEqual(["STT", "Mục tiêu", "Mục tiêu năm 2026", "Cơ quan, đơn vị, địa phương chủ trì thực hiện", "Cơ quan theo dõi, tổng hợp"]);
    expect(table!.columns).toEqual(["number", "name", "target:2026", "lead", "monitoring"]);
    expect(sections(table!)).toEqual(["I", "II", "III", "IV"]);
    expect(table!.rows[0]).toEqual({ type: "section", code: "I", title: expect.stringMatching(/^Nghiên cứu khoa học/) });
    expectEveryItemInOrder(c, [table!]);
  });

  it("keeps plan 002's 50 indices in its five groups", async () => {
    const { text, fileName } = readSeed("002");
    const c = await importCatalogue({ text, fileName });
    const [table] = planLayout(c);
    expect(sections(table!)).toEqual(["I", "II", "III", "IV", "V"]);
    const perGroup = table!.rows.reduce<number[]>((n, r) => (r.type === "section" ? [...n, 0] : (n[n.length - 1]!++, n)), []);
    expect(perGroup).toEqual([7, 9, 15, 10, 9]);
  });

  it("keeps seed 004's three appendix tables apart, with their own headers", async () => {
    const { text, fileName } = readSeed("004");
    const c = await importCatalogue({ text, fileName });
    const layout = planLayout(c);
    expect(layout.map((t) => [t.kind, t.appendix])).toEqual([["indicator", "PL1"], ["task", "PL2"], ["task", "PL3"]]);
    expect(layout[1]!.headers).toEqual(["TT", "Tên nhiệm vụ", "Chủ trì", "Phối hợp", "Kết quả", "Thời hạn", "Căn cứ giao"]);
    expect(sections(layout[1]!)[0]).toBe("PL2.I");
    expectEveryItemInOrder(c, layout);
  });

  it("gives PDF text, pipe tables and the template a layout too", async () => {
    for (const [text, fileName] of [
      [readSeed("001").text, readSeed("001").fileName],
      [readFixture("pipe-plan.md"), "pipe-plan.md"],
      [readFixture("catalogue-template.csv"), "catalogue-template.csv"],
    ] as const) {
      const c = await importCatalogue({ text, fileName });
      const layout = planLayout(c);
      expect(layout.length).toBeGreaterThan(0);
      expect(layout.every((t) => t.headers.length === t.columns.length && t.columns[0] === "number")).toBe(true);
      expect(layout.some((t) => sections(t).length > 0)).toBe(true);
      expectEveryItemInOrder(c, layout);
    }
  });
});
