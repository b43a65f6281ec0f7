import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedProvinceYears } from "../../bench/support/province-years.ts";
import { sqliteConnection, type Db } from "../../db/client.ts";
import { vnWallClock } from "../../src/exports/vn-wall-clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { exportPlanWorkbook } from "../../src/services/export-reports.ts";
import { reportingStatus, reportingStatusInChunks, summariseByUnit, type StatusRow } from "../../src/services/reporting-status.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { describeSqliteOnly, testEngine } from "../support/test-engine.ts";

const NOW = new Date("2027-01-10T02:00:00Z");
const translator = createTranslator("vi");
const vi = JSON.parse(readFileSync(new URL("../../locales/vi.json", import.meta.url), "utf8")).export;

let db: Db;
let dir: string;
let remove: () => void;
let rows: StatusRow[];
let workbook: ExcelJS.Workbook;

/**
 * A province-year big enough to be written the way bench:exports writes 48,000 rows (the old
 * exceljs path streamed above 20,000 rows and dropped the chart there): 21 units × 80 monthly
 * indicators × 12 months = 20,160 rows, plus a figure from a unit without an assignment.
 */
beforeAll(async () => {
  if (testEngine === "postgres") return;
  ({ db, dir, remove } = tempDatabase());
  seedProvinceYears(db, { units: 21, items: 80, years: [2026], revisions: true });
  const c = sqliteConnection(db)!;
  c.prepare("insert into units (id, name, key, kind, created_at) values (99, 'An Giang (không được giao)', 'an giang khong duoc giao', 'department', 0)").run();
  c.prepare("insert into reports (subject_key, indicator_id, unit_id, period_key, revision, value_number, channel, created_at, updated_at) values ('i:3', 3, 99, '2026-05', 1, 12.5, 'zalo', ?, ?)").run(Date.UTC(2026, 4, 30), Date.UTC(2026, 4, 30));
  rows = await reportingStatus(db, { periodKey: "2026", planId: 1, now: NOW });
  const file = join(dir, "province.xlsx");
  const out = createWriteStream(file);
  await exportPlanWorkbook(db, translator, { plan: "BENCH/KH-UBND", periodKey: "2026", now: NOW }, out);
  await finished(out);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
}, 300_000);
afterAll(() => remove?.());

// Seeded through the SQLite connection (bench/support/province-years.ts, 20,000 rows in one prepared-statement loop): SQLite only until the seeder is ported.
describeSqliteOnly("seeded through the SQLite connection")("a province-year's workbook, rows streamed", () => {
  it("reads the read model a few items at a time into exactly its rows, in its order, each item whole in one chunk", async () => {
    expect(rows.length).toBe(21 * 80 * 12 + 1);
    const chunked = async (q: Parameters<typeof reportingStatusInChunks>[1], items?: number) => {
      const chunks: StatusRow[][] = [];
      for await (const chunk of reportingStatusInChunks(db, q, items)) chunks.push(chunk);
      return chunks;
    };
    const chunks = await chunked({ periodKey: "2026", planId: 1, now: NOW });
    expect(chunks.length).toBe(8);
    expect(chunks.flat()).toStrictEqual(rows);
    const itemsOf = chunks.map((c) => new Set(c.map((r) => r.subjectKey)));
    itemsOf.forEach((items, i) => itemsOf.slice(i + 1).forEach((later) => expect([...items].filter((k) => later.has(k))).toEqual([])));
    const some = [99, 3, 17, 4, 12, 8, 1];
    expect((await chunked({ periodKey: "2026", planId: 1, unitIds: some, now: NOW }, 7)).flat()).toStrictEqual(await reportingStatus(db, { periodKey: "2026", planId: 1, unitIds: some, now: NOW }));
  });

  it("has every (item, unit, period) in the flat sheet, cell by cell, numbers and dates with Vietnamese display formats", () => {
    const sheet = workbook.getWorksheet("Dữ liệu")!;
    expect(sheet.rowCount - 2).toBe(rows.length);
    const headers = (sheet.getRow(2).values as unknown[]).slice(1);
    const col = (key: string) => headers.indexOf(vi.flat[key]) + 1;
    rows.forEach((r, i) => {
      const row = sheet.getRow(3 + i);
      expect(row.getCell(col("name")).value).toBe(r.name);
      expect(row.getCell(col("unit")).value).toBe(r.unitName);
      expect(row.getCell(col("period")).value).toBe(translator.t("vi", { key: "period.month", params: { month: Number(r.periodKey.slice(5)), year: r.periodKey.slice(0, 4) } }).replace(/^./, (c) => c.toUpperCase()));
      expect(row.getCell(col("value_number")).value).toBe(r.report!.valueNumber);
      expect(row.getCell(col("value_number")).numFmt).toBe(Number.isInteger(r.report!.valueNumber) ? "#,##0" : "#,##0.0##");
      expect(row.getCell(col("revisions")).value).toBe(r.report!.revisions);
      expect(row.getCell(col("reported_at")).value).toEqual(vnWallClock(r.report!.at));
      expect(row.getCell(col("reported_at")).numFmt).toBe("dd/mm/yyyy hh:mm");
      expect(row.getCell(col("state")).value).toBe(!r.expected && !r.reported ? vi.not_expected : vi.state[r.state]);
      expect(row.getCell(col("expected")).value).toBe(r.expected ? vi.yes : vi.no);
      expect(row.getCell(col("achievement")).value).toBe(vi.achievement[r.achievementLabel]);
      expect(row.getCell(col("gap")).value ?? null).toBe(r.achievement && r.achievement.status !== "na" ? (r.achievement.margin ?? null) : null);
    });
  });

  it("keeps the plan's table with a line per (item, unit), frozen, fitted, on A4 landscape", () => {
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(sheet.pageSetup).toMatchObject({ orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, printTitlesRow: "2:2" });
    expect(sheet.getCell("A1").isMerged).toBe(true);
    // One section row, then each item's units (the unassigned unit's figure too): the December figure of each.
    expect(sheet.rowCount - 2).toBe(1 + 80 * 21 + 1);
    for (let c = 1; c <= sheet.columnCount; c++) expect(sheet.getColumn(c).width).toBeGreaterThanOrEqual(8);
    const n = 5; // the bench plan's own columns: STT, name, unit of measure, target, lead
    let item: string | null = null;
    for (let line = 4; line <= sheet.rowCount; line++) {
      const row = sheet.getRow(line);
      item = (row.getCell(2).value as string | null) ?? item;
      const unit = row.getCell(n + 5).value;
      // The line of a (item, unit) shows its latest reported period.
      const model = rows.filter((r) => r.name === item && r.unitName === unit && r.report).at(-1)!;
      expect(model, `${item} ${String(unit)}`).toBeDefined();
      expect(row.getCell(n + 2).value).toBe(model.report!.valueNumber);
      expect(row.getCell(n + 6).value).toEqual(vnWallClock(model.report!.at));
      expect(row.getCell(n + 8).value).toBe(model.report!.revisions);
    }
  });

  it("has the completeness chart beside Tổng hợp, and the totals", () => {
    const sheet = workbook.getWorksheet("Tổng hợp")!;
    const summary = summariseByUnit(rows);
    const images = sheet.getImages();
    expect(images).toHaveLength(1);
    const picture = PNG.sync.read(workbook.getImage(Number(images[0]!.imageId)).buffer as unknown as Buffer);
    expect(picture.width).toBeGreaterThan(300);
    expect(picture.height).toBeGreaterThan(300);
    summary.forEach((s, i) => {
      const row = sheet.getRow(3 + i);
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value]).toEqual([s.unitName, s.expected, s.reported]);
      expect(row.getCell(4).value).toBeCloseTo(s.reported / s.expected, 9);
      expect(row.getCell(4).numFmt).toBe("0%");
    });
    expect(sheet.getRow(3 + summary.length).getCell(1).value).toBe(vi.summary.total);
  });
});
