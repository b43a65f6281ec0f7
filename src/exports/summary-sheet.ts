import type { Worksheet } from "exceljs";
import type { PlanExportData } from "../services/export-data.ts";
import type { UnitSummary } from "../services/reporting-status.ts";
import type { ExportLabels } from "./export-labels.ts";
import type { CellValue } from "./flat-columns.ts";
import { numberFormats, commitSheet, openSheet, type SheetColumn , type AnyWorkbook } from "./sheet-writer.ts";

export const summaryColumnKeys = ["unit", "expected", "reported", "completeness", "on_time", "late", "timeliness", "overdue", "met", "not_met"] as const;

/** With approval on, "submitted" (đã nộp) comes beside "reported", which then counts approved figures only (đã duyệt). */
export const approvalSummaryColumnKeys = ["unit", "expected", "submitted", "approved", "completeness", "on_time", "late", "timeliness", "overdue", "met", "not_met"] as const;

/** "Tổng hợp": completeness and timeliness by unit for the period, and the province's total last. */
export function writeSummarySheet(workbook: AnyWorkbook, data: PlanExportData, label: ExportLabels, chart?: { imageId: number; width: number; height: number }): void {
  const approval = data.plan.approvalRequired;
  const keys = approval ? approvalSummaryColumnKeys : summaryColumnKeys;
  const columns: SheetColumn[] = keys.map((k) => ({ header: label(`summary.${k}`), kind: k === "unit" ? "text" : k === "completeness" || k === "timeliness" ? "number" : "count", maxWidth: k === "unit" ? 50 : 16 }));
  const total = data.summary.reduce<UnitSummary>(
    (t, s) => ({ ...t, expected: t.expected + s.expected, submitted: t.submitted + s.submitted, reported: t.reported + s.reported, onTime: t.onTime + s.onTime, late: t.late + s.late, overdue: t.overdue + s.overdue, met: t.met + s.met, notMet: t.notMet + s.notMet }),
    { unitId: 0, unitName: label("summary.total"), expected: 0, submitted: 0, reported: 0, onTime: 0, late: 0, overdue: 0, met: 0, notMet: 0 },
  );
  const lines = [...data.summary, total].map((s) => summaryCells(s, approval));
  const sheet = openSheet(workbook, label("sheet.summary"), label("summary_title", { period: label.period(data.periodKey), plan: data.plan.number || data.plan.title || data.plan.key }), columns, lines);
  lines.forEach((values, i) => {
    writeRowWithRatios(sheet, columns, values, i === lines.length - 1);
  });
  if (chart) sheet.addImage(chart.imageId, { tl: { col: columns.length + 1, row: 1 }, ext: { width: chart.width, height: chart.height }, editAs: "oneCell" });
  commitSheet(sheet);
}

/** The cells of one unit's line: ratios are fractions shown as percentages. */
export function summaryCells(s: UnitSummary, approval = false): CellValue[] {
  return [s.unitName, s.expected, ...(approval ? [s.submitted] : []), s.reported, s.expected ? s.reported / s.expected : null, s.onTime, s.late, s.reported ? s.onTime / s.reported : null, s.overdue, s.met, s.notMet];
}

function writeRowWithRatios(sheet: Worksheet, columns: SheetColumn[], values: CellValue[], bold: boolean) {
  // Ratios are fractions shown as percentages, unlike writeRow's plain numbers.
  const row = sheet.addRow(values);
  values.forEach((v, i) => {
    const cell = row.getCell(i + 1);
    cell.border = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
    if (typeof v === "number") cell.numFmt = columns[i]?.kind === "number" ? numberFormats.percentOfWhole : numberFormats.integer;
  });
  if (bold) row.font = { bold: true };
  row.commit();
}
