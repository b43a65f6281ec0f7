import type { PlanExportData } from "../services/export-data.ts";
import type { UnitSummary } from "../services/reporting-status.ts";
import type { ExportLabels } from "./export-labels.ts";
import type { CellValue } from "./flat-columns.ts";
import { openSheet, type SheetColumn } from "./sheet-writer.ts";
import type { XlsxWorkbook } from "./xlsx-writer.ts";

export const summaryColumnKeys = ["unit", "expected", "reported", "completeness", "on_time", "late", "timeliness", "overdue", "met", "not_met"] as const;

/** With approval on, "submitted" (đã nộp) comes beside "reported", which then counts approved figures only (đã duyệt). */
export const approvalSummaryColumnKeys = ["unit", "expected", "submitted", "approved", "completeness", "on_time", "late", "timeliness", "overdue", "met", "not_met"] as const;

/** "Tổng hợp": completeness and timeliness by unit for the period, and the province's total last. */
export async function writeSummarySheet(workbook: XlsxWorkbook, data: PlanExportData, summary: readonly UnitSummary[], label: ExportLabels, chart?: { imageId: number; width: number; height: number }): Promise<void> {
  const approval = data.plan.approvalRequired;
  const keys = approval ? approvalSummaryColumnKeys : summaryColumnKeys;
  const columns: SheetColumn[] = keys.map((k) => ({ header: label(`summary.${k}`), kind: k === "unit" ? "text" : k === "completeness" || k === "timeliness" ? "ratio" : "count", maxWidth: k === "unit" ? 50 : 16 }));
  const total = summary.reduce<UnitSummary>(
    (t, s) => ({ ...t, expected: t.expected + s.expected, submitted: t.submitted + s.submitted, reported: t.reported + s.reported, onTime: t.onTime + s.onTime, late: t.late + s.late, overdue: t.overdue + s.overdue, met: t.met + s.met, notMet: t.notMet + s.notMet }),
    { unitId: 0, unitName: label("summary.total"), expected: 0, submitted: 0, reported: 0, onTime: 0, late: 0, overdue: 0, met: 0, notMet: 0 },
  );
  const lines = [...summary, total].map((s) => summaryCells(s, approval));
  const sheet = await openSheet(workbook, label("sheet.summary"), label("summary_title", { period: label.period(data.periodKey), plan: data.plan.number || data.plan.title || data.plan.key }), columns, lines);
  // Ratios are fractions shown as percentages (the "ratio" columns); the total line in bold.
  for (const [i, values] of lines.entries()) await sheet.write(values, i === lines.length - 1 ? "boxTotal" : "box");
  if (chart) sheet.sheet.image(chart.imageId, { col: columns.length + 1, row: 1, width: chart.width, height: chart.height });
  await sheet.close();
}

/** The cells of one unit's line: ratios are fractions shown as percentages. */
export function summaryCells(s: UnitSummary, approval = false): CellValue[] {
  return [s.unitName, s.expected, ...(approval ? [s.submitted] : []), s.reported, s.expected ? s.reported / s.expected : null, s.onTime, s.late, s.reported ? s.onTime / s.reported : null, s.overdue, s.met, s.notMet];
}
