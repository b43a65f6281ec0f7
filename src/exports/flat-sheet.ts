import type { PlanExportData } from "../services/export-data.ts";
import type { ExportLabels } from "./export-labels.ts";
import { flatColumns, type CellValue, type FlatContext } from "./flat-columns.ts";
import { openSheet, SAMPLE_ROWS, type SheetColumn, type TableSheet } from "./sheet-writer.ts";
import type { StatusRow } from "../services/reporting-status.ts";
import type { XlsxWorkbook } from "./xlsx-writer.ts";
import { subjectKey } from "../domain/subject-key.ts";

/**
 * The flat sheet: one row per (item, unit, period) assigned or reported, no cap, for pivot tables
 * ("Phải báo cáo" tells which count). Rows are written as the read model's chunks come (the widths
 * from the first SAMPLE_ROWS), so only a chunk is in memory at once; `at` is its tab.
 */
export async function writeFlatSheet(workbook: XlsxWorkbook, at: number | undefined, data: PlanExportData, label: ExportLabels, chunks: AsyncIterable<readonly StatusRow[]>): Promise<void> {
  const ctx = flatContext(data, label);
  const columns: SheetColumn[] = flatColumns.map((c) => ({ header: label(`flat.${c.key}`), kind: c.kind, maxWidth: c.key === "name" ? 50 : 30 }));
  const title = label("title", { plan: ctx.planName(data.plan.id), table: label("sheet.flat"), period: label.period(data.periodKey) });
  const cellsOf = (r: StatusRow) => flatColumns.map((c) => c.value(r, ctx));
  // The first chunks are held until the sample is complete (one chunk, at a province's size).
  let held: (readonly StatusRow[])[] = [];
  let heldRows = 0;
  let sheet: TableSheet | undefined;
  const open = async () => (sheet = await openSheet(workbook, label("sheet.flat"), title, columns, sampleOf(held, cellsOf), at));
  const values = new Array<CellValue>(flatColumns.length);
  const write = async (rows: readonly StatusRow[]) => {
    for (const r of rows) {
      for (let i = 0; i < flatColumns.length; i++) values[i] = flatColumns[i]!.value(r, ctx);
      const behind = sheet!.write(values, "plain");
      if (behind) await behind;
    }
  };
  for await (const rows of chunks) {
    if (!sheet) {
      held.push(rows);
      heldRows += rows.length;
      if (heldRows < SAMPLE_ROWS) continue;
      await open();
      for (const h of held) await write(h);
      held = [];
      continue;
    }
    await write(rows);
  }
  if (!sheet) {
    await open();
    for (const h of held) await write(h);
  }
  await sheet!.close();
}

function* sampleOf(chunks: readonly (readonly StatusRow[])[], cellsOf: (r: StatusRow) => CellValue[]): Generator<CellValue[]> {
  let n = 0;
  for (const rows of chunks) {
    for (const r of rows) {
      if (n++ >= SAMPLE_ROWS) return;
      yield cellsOf(r);
    }
  }
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
