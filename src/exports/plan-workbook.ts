import type { Writable } from "node:stream";
import type { PlanExportData } from "../services/export-data.ts";
import type { ExportLabels } from "./export-labels.ts";
import { writeFlatSheet } from "./flat-sheet.ts";
import { writeLayoutSheet, type LayoutSheetOptions } from "./layout-sheet.ts";
import { writeSummarySheet } from "./summary-sheet.ts";
import { writeTasksSheet } from "./tasks-sheet.ts";
import { XlsxWorkbook } from "./xlsx-writer.ts";

export interface PlanWorkbookOptions extends LayoutSheetOptions {
  /** PNG charts placed beside the "Tổng hợp" table. */
  summaryChart?: { png: Uint8Array; width: number; height: number };
}

/**
 * One workbook per plan and period: the plan's tables in its own layout, "Tổng hợp" (with the
 * completeness chart), "Nhiệm vụ", and the flat sheet. Every size is streamed the same way (see
 * xlsx-writer.ts): rows leave memory as they are written, the chart is always there, and `out` is
 * ended when the workbook is complete.
 */
export async function writePlanWorkbook(data: PlanExportData, label: ExportLabels, out: Writable, options: PlanWorkbookOptions = {}): Promise<void> {
  const workbook = new XlsxWorkbook(out, { creator: "chitieu" });
  const names = new Set<string>();
  for (const table of data.tables) await writeLayoutSheet(workbook, uniqueName(names, tableSheetName(table.title, table.kind, label)), table, data, label, options);
  names.add(label("sheet.summary"));
  const chart = options.summaryChart ? { imageId: workbook.addImage(options.summaryChart.png), width: options.summaryChart.width, height: options.summaryChart.height } : undefined;
  await writeSummarySheet(workbook, data, label, chart);
  await writeTasksSheet(workbook, data, label);
  await writeFlatSheet(workbook, data, label);
  await workbook.finish();
}

/** "Phụ lục II: DANH MỤC…" → "Phụ lục II"; within Excel's 31 characters, without []:*?/\ and not starting or ending with an apostrophe. */
export function tableSheetName(title: string, kind: "indicator" | "task", label: ExportLabels): string {
  const head = title.split(":")[0]!.replace(/[[\]:*?/\\]/g, " ").replace(/\s+/g, " ").trim();
  return (head || label(`kind.${kind}`)).slice(0, 31).replace(/^'+|'+$/g, "").trim() || label(`kind.${kind}`);
}

function uniqueName(taken: Set<string>, name: string): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate) || candidate === "Tổng hợp" || candidate === "Nhiệm vụ" || candidate === "Dữ liệu"; n++) candidate = `${name.slice(0, 27)} (${n})`;
  taken.add(candidate);
  return candidate;
}
