import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { planIndicators, planTasks } from "../../db/repositories/catalogue-repository.ts";
import { planTablesOf } from "../../db/repositories/plan-layout-repository.ts";
import { loadDemoUnits } from "../../db/seed/load-demo-data.ts";
import type { LayoutRow } from "../../src/importers/types.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { exportPlanWorkbook, exportReportsCsv } from "../../src/services/export-reports.ts";
import { reportingStatus, summariseByUnit, type StatusRow } from "../../src/services/reporting-status.ts";
import { importSeed } from "../support/import-seed.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { seedReports } from "./seeded-reports.ts";
import { peek } from "../support/peek.ts";

const IMPORTED = new Date("2026-03-02T02:00:00Z");
const NOW = new Date("2026-12-20T02:00:00Z");
const translator = createTranslator("vi");
const vi = JSON.parse(readFileSync(new URL("../../locales/vi.json", import.meta.url), "utf8")).export;

/** Each seed with the period its items are reported for: 000 and 004 monthly, 002's indices once, by 05/12. */
const cases = [
  { seed: "000", period: "2026-11" },
  { seed: "002", period: "2026" },
  { seed: "004", period: "2026-11" },
] as const;

let db: Db;
let dir: string;
let remove: () => void;
beforeAll(async () => {
  ({ db, dir, remove } = tempDatabase());
  await loadDemoUnits(db);
});
afterAll(() => remove());

/** The latest revision of a report, read straight from the append-only history. */
async function latestRevision(reportId: number) {
  return (await peek(db, "select value_number, value_text, task_status, revision from report_revisions where report_id = ? order by revision desc limit 1", reportId)) as {
    value_number: number | null;
    value_text: string | null;
    task_status: string | null;
    revision: number;
  };
}

const text = (v: ExcelJS.CellValue): string | null => (v === null || v === undefined ? null : typeof v === "object" && "text" in v ? String(v.text) : String(v));

describe.each(cases)("the workbook of seed $seed for $period", ({ seed, period }) => {
  let planId: number;
  let rows: StatusRow[];
  let workbook: ExcelJS.Workbook;
  let file: string;

  beforeAll(async () => {
    planId = (await importSeed(db, seed, IMPORTED)).plan.id;
    await seedReports(db, await reportingStatus(db, { periodKey: period, planId, now: NOW }), `seed${seed}`);
    rows = await reportingStatus(db, { periodKey: period, planId, now: NOW });
    file = join(dir, `${seed}.xlsx`);
    const out = createWriteStream(file);
    const planRef = (await peek<{ key: string }>(db, "select key from plans where id = ?", planId))!;
    await exportPlanWorkbook(db, translator, { plan: planRef.key, periodKey: period, now: NOW }, out);
    await finished(out);
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
  });

  it("has the plan's tables, then Tổng hợp, Nhiệm vụ and the flat sheet", async () => {
    const tables = await planTablesOf(db, planId);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names.slice(tables.length)).toEqual(["Tổng hợp", "Nhiệm vụ", "Dữ liệu"]);
    expect(names).toHaveLength(tables.length + 3);
  });

  it("keeps each table's headers, section rows and every item in document order, frozen and on A4 landscape", async () => {
    const tables = await planTablesOf(db, planId);
    const resultHeaders = ["period", "value", "achievement", "gap", "unit", "reported_at", "timeliness", "revisions", "evidence"].map((k) => vi.result[k]);
    tables.forEach(async (table, t) => {
      const sheet = workbook.worksheets[t]!;
      expect(sheet.getRow(2).values).toEqual([undefined, ...table.headers, ...resultHeaders]);
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
      expect(sheet.pageSetup).toMatchObject({ orientation: "landscape", paperSize: 9 });
      // A line starts a row of the document when it has a number or a name (a sub-level row has only a name).
      const nameColumn = table.columns.indexOf("name") + 1;
      const seenRows: string[] = [];
      for (let r = 3; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        const first = text(row.getCell(1).value) ?? text(row.getCell(nameColumn).value);
        if (first !== null) seenRows.push(first);
      }
      const expected = (await Promise.all((table.rows as LayoutRow[]).map(async (row) => {
        if (row.type === "section") return row.code.replace(/^PL\d+\./, "");
        const item = (table.kind === "indicator" ? (await planIndicators(db, planId)) : (await planTasks(db, planId))).find((i) => i.code === row.code)!;
        return item.printedNumber || item.name;
      })));
      expect(seenRows).toEqual(expected);
    });
    const exported = tables.flatMap((t) => (t.rows as LayoutRow[]).filter((r) => r.type === "item").map((r) => `${t.kind}:${r.code}`));
    const imported = [...(await planIndicators(db, planId)).map((i) => `indicator:${i.code}`), ...(await planTasks(db, planId)).map((i) => `task:${i.code}`)];
    expect(exported.sort()).toEqual(imported.sort());
  });

  it("shows for every unit line the latest revision, and achievement and timeliness as the read model says", async () => {
    const tables = await planTablesOf(db, planId);
    let checked = 0;
    for (const [t, table] of tables.entries()) {
      const sheet = workbook.worksheets[t]!;
      const n = table.headers.length;
      let subjectKey: string | null = null;
      for (let r = 3; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        const number = text(row.getCell(1).value);
        const section = (table.rows as LayoutRow[]).some((x) => x.type === "section" && x.code.replace(/^PL\d+\./, "") === number);
        const name = text(row.getCell(table.columns.indexOf("name") + 1).value);
        if (name !== null && !section) {
          const items = table.kind === "indicator" ? await planIndicators(db, planId) : await planTasks(db, planId);
          const item = items.find((i) => (i.printedNumber || null) === number && i.name === name)!;
          subjectKey = `${table.kind === "indicator" ? "i" : "t"}:${item.id}`;
        }
        const unit = text(row.getCell(n + 5).value);
        if (section || unit === null || subjectKey === null) continue;
        const candidates = rows.filter((x) => x.subjectKey === subjectKey && x.unitName === unit);
        const periodLabel = text(row.getCell(n + 1).value);
        const model = candidates.find((x) => translator.t("vi", { key: "period.month", params: { month: Number(x.periodKey.slice(5)), year: x.periodKey.slice(0, 4) } }).toLowerCase() === periodLabel?.toLowerCase()) ?? candidates.find((x) => x.reported) ?? candidates.at(-1)!;
        expect(model, `${subjectKey} ${unit}`).toBeDefined();
        const value = row.getCell(n + 2).value;
        if (model.report) {
          const latest = await latestRevision(model.report.id);
          if (latest.value_number !== null) expect(value).toBe(latest.value_number);
          else if (latest.value_text !== null) expect(value).toBe(latest.value_text);
          else expect(value).toBe(translator.t("vi", { key: `task.status.${latest.task_status}` }));
          expect(row.getCell(n + 8).value).toBe(latest.revision);
          if (model.subjectType === "indicator") expect(text(row.getCell(n + 3).value)).toBe(vi.achievement[model.achievementLabel]);
          const gap = model.achievement && model.achievement.status !== "na" ? (model.achievement.margin ?? null) : null;
          expect(row.getCell(n + 4).value ?? null).toBe(gap);
        } else {
          expect(value ?? null).toBeNull();
        }
        expect(text(row.getCell(n + 7).value)).toBe(!model.expected && !model.reported ? vi.not_expected : vi.state[model.state]);
        expect(model.state === "reported_on_time").toBe(model.onTime === true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("sums completeness and timeliness by unit in Tổng hợp, with the province's total", () => {
    const sheet = workbook.getWorksheet("Tổng hợp")!;
    const summary = summariseByUnit(rows);
    expect(sheet.getImages()).toHaveLength(summary.length > 0 ? 1 : 0);
    summary.forEach((s, i) => {
      const row = sheet.getRow(3 + i);
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(5).value, row.getCell(6).value, row.getCell(8).value]).toEqual([s.unitName, s.expected, s.reported, s.onTime, s.late, s.overdue]);
      expect(row.getCell(4).value).toBeCloseTo(s.reported / s.expected, 9);
    });
    const total = sheet.getRow(3 + summary.length);
    expect(total.getCell(1).value).toBe(vi.summary.total);
    expect(total.getCell(2).value).toBe(summary.reduce((n, s) => n + s.expected, 0));
  });

  it("lists every task in Nhiệm vụ with its status, product and problems", async () => {
    const sheet = workbook.getWorksheet("Nhiệm vụ")!;
    const names = new Set<string>();
    for (let r = 3; r <= sheet.rowCount; r++) {
      const name = text(sheet.getRow(r).getCell(2).value);
      if (name) names.add(name);
      const status = text(sheet.getRow(r).getCell(7).value);
      if (status === translator.t("vi", { key: "task.status.done" })) expect(text(sheet.getRow(r).getCell(8).value)).toMatch(/^Sản phẩm \d+$/);
      if (status === translator.t("vi", { key: "task.status.blocked" })) expect(text(sheet.getRow(r).getCell(9).value)).toMatch(/^Vướng mắc \d+$/);
    }
    expect([...names].sort()).toEqual((await planTasks(db, planId)).map((t) => t.name).sort());
  });

  it("has one flat row per (item, unit, period) with numbers as numbers, and the CSV has the same rows", async () => {
    const sheet = workbook.getWorksheet("Dữ liệu")!;
    const flat = rows;
    expect(sheet.rowCount - 2).toBe(flat.length);
    const headers = (sheet.getRow(2).values as unknown[]).slice(1);
    const col = (key: string) => headers.indexOf(vi.flat[key]) + 1;
    flat.forEach((r, i) => {
      const row = sheet.getRow(3 + i);
      expect(row.getCell(col("unit")).value).toBe(r.unitName);
      expect(row.getCell(col("value_number")).value ?? null).toBe(r.report?.valueNumber ?? null);
      expect(row.getCell(col("revisions")).value ?? null).toBe(r.report?.revisions ?? null);
      expect(row.getCell(col("state")).value).toBe(!r.expected && !r.reported ? vi.not_expected : vi.state[r.state]);
      expect(row.getCell(col("expected")).value).toBe(r.expected ? vi.yes : vi.no);
    });
    const csvFile = join(dir, `${seed}.csv`);
    const out = createWriteStream(csvFile);
    const planRef = (await peek<{ key: string }>(db, "select key from plans where id = ?", planId))!;
    await exportReportsCsv(db, translator, { plan: planRef.key, periodKey: period, now: NOW }, out);
    out.end();
    await finished(out);
    const records = parse(readFileSync(csvFile, "utf8").replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(flat.length);
    expect(records.map((x) => x[vi.flat.unit])).toEqual(flat.map((r) => r.unitName));
    expect(records.map((x) => (x[vi.flat.value_number] === "" ? null : Number(x[vi.flat.value_number])))).toEqual(flat.map((r) => r.report?.valueNumber ?? null));
  });
});
