import type { PlanExportData } from "../services/export-data.ts";
import type { ExportLabels } from "./export-labels.ts";
import { flatColumns, type FlatContext } from "./flat-columns.ts";
import { commitSheet, openSheet, writePlainRow, type SheetColumn , type AnyWorkbook } from "./sheet-writer.ts";
import { subjectKey } from "../domain/subject-key.ts";

/** The flat sheet: one row per (item, unit, period) assigned or reported, no cap, for pivot tables ("Phải báo cáo" tells which count). */
export function writeFlatSheet(workbook: AnyWorkbook, data: PlanExportData, label: ExportLabels): void {
  const ctx = flatContext(data, label);
  const columns: SheetColumn[] = flatColumns.map((c) => ({ header: label(`flat.${c.key}`), kind: c.kind, maxWidth: c.key === "name" ? 50 : 30 }));
  const rows = data.rows;
  const sample = rows.slice(0, 2000).map((r) => flatColumns.map((c) => c.value(r, ctx)));
  const sheet = openSheet(workbook, label("sheet.flat"), label("title", { plan: ctx.planName(data.plan.id), table: label("sheet.flat"), period: label.period(data.periodKey) }), columns, sample);
  for (const r of rows) writePlainRow(sheet, columns, flatColumns.map((c) => c.value(r, ctx)));
  commitSheet(sheet);
}

export function flatContext(data: Pick<PlanExportData, "plan" | "indicators" | "tasks">, label: ExportLabels): FlatContext {
  const sections = new Map<string, string>();
  for (const i of data.indicators.values()) sections.set(subjectKey("indicator", i.id), sectionText(i.sectionCode, i.sectionTitle));
  for (const t of data.tasks.values()) sections.set(subjectKey("task", t.id), sectionText(t.sectionCode, t.sectionTitle));
  const planName = data.plan.number || data.plan.title || data.plan.key;
  return { label, planName: () => planName, sectionOf: (r) => sections.get(r.subjectKey) ?? "" };
}

function sectionText(code: string | null, title: string | null): string {
  return [code?.replace(/^PL\d+\./, ""), title].filter(Boolean).join(". ");
}
