import type { PlanExportData } from "../services/export-data.ts";
import type { ExportLabels } from "./export-labels.ts";
import { flatColumns, type CellValue, type FlatContext } from "./flat-columns.ts";
import { openSheet, type SheetColumn } from "./sheet-writer.ts";
import type { XlsxWorkbook } from "./xlsx-writer.ts";
import { subjectKey } from "../domain/subject-key.ts";

/** The flat sheet: one row per (item, unit, period) assigned or reported, no cap, for pivot tables ("Phải báo cáo" tells which count). */
export async function writeFlatSheet(workbook: XlsxWorkbook, data: PlanExportData, label: ExportLabels): Promise<void> {
  const ctx = flatContext(data, label);
  const columns: SheetColumn[] = flatColumns.map((c) => ({ header: label(`flat.${c.key}`), kind: c.kind, maxWidth: c.key === "name" ? 50 : 30 }));
  const rows = data.rows;
  const sample = rows.slice(0, 2000).map((r) => flatColumns.map((c) => c.value(r, ctx)));
  const sheet = await openSheet(workbook, label("sheet.flat"), label("title", { plan: ctx.planName(data.plan.id), table: label("sheet.flat"), period: label.period(data.periodKey) }), columns, sample);
  const values = new Array<CellValue>(flatColumns.length);
  for (const r of rows) {
    for (let i = 0; i < flatColumns.length; i++) values[i] = flatColumns[i]!.value(r, ctx);
    const behind = sheet.write(values, "plain");
    if (behind) await behind;
  }
  await sheet.close();
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
