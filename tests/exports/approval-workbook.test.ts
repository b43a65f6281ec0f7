import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { loadDemoUnits } from "../../db/seed/load-demo-data.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { approveFigure, returnFigure, setPlanApproval } from "../../src/services/approvals.ts";
import { exportPlanWorkbook } from "../../src/services/export-reports.ts";
import { reportFigure } from "../../src/services/reporting.ts";
import { reportingStatus, type StatusRow } from "../../src/services/reporting-status.ts";
import { importSeed } from "../support/import-seed.ts";
import { tempDatabase } from "../support/temp-database.ts";

const IMPORTED = new Date("2026-03-02T02:00:00Z");
const SENT = new Date("2026-11-20T02:00:00Z");
const NOW = new Date("2026-11-21T02:00:00Z");
const vi = JSON.parse(readFileSync(new URL("../../locales/vi.json", import.meta.url), "utf8")).export;
const head = { personId: null, name: "head" };

let db: Db;
let dir: string;
let remove: () => void;
let workbook: ExcelJS.Workbook;
let sent: StatusRow[];

beforeAll(async () => {
  ({ db, dir, remove } = tempDatabase());
  await loadDemoUnits(db);
  const plan = (await importSeed(db, "000", IMPORTED)).plan;
  await setPlanApproval(db, plan.key, true, { personId: null, name: "cli" }, IMPORTED);
  // Three figures of one unit: one approved, one returned, one still waiting.
  const first = (await reportingStatus(db, { periodKey: "2026-11", planId: plan.id, now: SENT })).filter((r) => r.subjectType === "indicator");
  const unitId = first[0]!.unitId;
  sent = first.filter((r) => r.unitId === unitId).slice(0, 3);
  const ids = (await Promise.all(sent.map(async (r, i) =>
    (await reportFigure(db, { subjectType: r.subjectType, subjectId: r.subjectId, unitId, periodKey: r.periodKey, valueNumber: 70 + i, valueText: null, taskStatus: null, note: null, evidence: [], personId: null, channel: "telegram", sourceRef: `s${i}`, now: SENT })).reportId,
  )));
  expect((await approveFigure(db, { reportId: ids[0]!, revision: 1, actor: head, unitIds: null, now: NOW })).status).toBe("approved");
  expect((await returnFigure(db, { reportId: ids[1]!, revision: 1, reason: "Thiếu minh chứng", actor: head, unitIds: null, now: NOW })).status).toBe("returned");
  const file = join(dir, "approval.xlsx");
  const out = createWriteStream(file);
  await exportPlanWorkbook(db, createTranslator("vi"), { plan: plan.key, periodKey: "2026-11", now: NOW }, out);
  await finished(out);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
});
afterAll(() => remove());

describe("the workbook of a plan with approval on", () => {
  it("shows Đã nộp and Đã duyệt side by side in Tổng hợp, counting only the approved figure as reported", () => {
    const sheet = workbook.getWorksheet("Tổng hợp")!;
    const headers = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(headers.slice(0, 4)).toEqual([vi.summary.unit, vi.summary.expected, vi.summary.submitted, vi.summary.approved]);
    const line = [...Array(sheet.rowCount - 2).keys()].map((i) => sheet.getRow(3 + i)).find((r) => r.getCell(1).value === sent[0]!.unitName)!;
    // Submitted: the approved and the waiting one (the returned one is back with its sender); approved: one.
    expect([line.getCell(3).value, line.getCell(4).value]).toEqual([2, 1]);
  });

  it("marks the unapproved figures in the flat sheet, cell by cell", () => {
    const sheet = workbook.getWorksheet("Dữ liệu")!;
    const headers = (sheet.getRow(2).values as unknown[]).slice(1);
    const col = (key: string) => headers.indexOf(vi.flat[key]) + 1;
    const stateOf = (r: StatusRow) => {
      for (let n = 3; n <= sheet.rowCount; n++) {
        const row = sheet.getRow(n);
        if (row.getCell(col("unit")).value === r.unitName && row.getCell(col("name")).value === r.name) return row.getCell(col("state")).value;
      }
      return undefined;
    };
    expect(stateOf(sent[0]!)).toBe(vi.state.reported_on_time);
    expect(stateOf(sent[1]!)).toBe(`${vi.state.reported_on_time} (${vi.figure.returned})`);
    expect(stateOf(sent[2]!)).toBe(`${vi.state.reported_on_time} (${vi.figure.submitted})`);
  });
});
