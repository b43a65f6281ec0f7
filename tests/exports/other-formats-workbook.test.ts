import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { planIndicators, planTasks } from "../../db/repositories/catalogue-repository.ts";
import { planTablesOf } from "../../db/repositories/plan-layout-repository.ts";
import { loadDemoUnits } from "../../db/seed/load-demo-data.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import type { LayoutRow } from "../../src/importers/types.ts";
import { exportPlanWorkbook } from "../../src/services/export-reports.ts";
import { saveCatalogue } from "../../src/services/save-catalogue.ts";
import { readFixture, readSeed } from "../importers/seeds.ts";
import { tempDatabase } from "../support/temp-database.ts";

const NOW = new Date("2026-11-20T02:00:00Z");
let db: Db;
let remove: () => void;
beforeAll(async () => {
  ({ db, remove } = tempDatabase());
  await loadDemoUnits(db);
});
afterAll(() => remove());

/** A plan in a format the seeds 000/002/004 do not use comes out in its own layout too. */
describe.each([
  { name: "PDF text (seed 001)", text: () => readSeed("001").text, fileName: "001_8750eb6a39ed0c07.txt" },
  { name: "pipe tables", text: () => readFixture("pipe-plan.md"), fileName: "pipe-plan.md" },
  { name: "the CSV template", text: () => readFileSync(new URL("../fixtures/catalogue-template.csv", import.meta.url), "utf8"), fileName: "catalogue-template.csv" },
])("the workbook of a plan read from $name", ({ text, fileName }) => {
  it("has every imported item, in document order, under its section rows", async () => {
    const catalogue = await importCatalogue({ text: text(), fileName });
    const saved = await saveCatalogue(db, catalogue, { sourceFile: fileName, planNumber: catalogue.plan.number || fileName, now: NOW });
    const body = new PassThrough();
    const chunks: Buffer[] = [];
    body.on("data", (c: Buffer) => chunks.push(c));
    await exportPlanWorkbook(db, createTranslator(), { plan: saved.plan.key, periodKey: "2026-11", now: NOW }, body);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    const tables = await planTablesOf(db, saved.plan.id);
    expect(workbook.worksheets).toHaveLength(tables.length + 3);
    for (const [t, table] of tables.entries()) {
      const sheet = workbook.worksheets[t]!;
      expect((sheet.getRow(2).values as unknown[]).slice(1, table.headers.length + 1)).toEqual(table.headers);
      const nameColumn = table.columns.indexOf("name") + 1;
      const seen: string[] = [];
      for (let r = 3; r <= sheet.rowCount; r++) {
        const v = sheet.getRow(r).getCell(1).value ?? sheet.getRow(r).getCell(nameColumn).value;
        if (v !== null && v !== undefined) seen.push(String(v));
      }
      const items = table.kind === "indicator" ? await planIndicators(db, saved.plan.id) : await planTasks(db, saved.plan.id);
      expect(seen).toEqual(
        (table.rows as LayoutRow[]).map((row) => {
          if (row.type === "section") return row.code.replace(/^PL\d+\./, "");
          const item = items.find((i) => i.code === row.code)!;
          return item.printedNumber || item.name;
        }),
      );
    }
    const exported = tables.flatMap((t) => (t.rows as LayoutRow[]).filter((r) => r.type === "item").map((r) => `${t.kind}:${r.code}`)).sort();
    expect(exported).toEqual([...(await planIndicators(db, saved.plan.id)).map((i) => `indicator:${i.code}`), ...(await planTasks(db, saved.plan.id)).map((i) => `task:${i.code}`)].sort());
  });
});
