import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { PlanExportData } from "../services/export-data.ts";
import type { ExportLabels } from "./export-labels.ts";
import { writeFlatSheet } from "./flat-sheet.ts";
import { writeLayoutSheet, type LayoutSheetOptions } from "./layout-sheet.ts";
import { writeSummarySheet } from "./summary-sheet.ts";
import type { AnyWorkbook } from "./sheet-writer.ts";
import { writeTasksSheet } from "./tasks-sheet.ts";

export interface PlanWorkbookOptions extends LayoutSheetOptions {
  /** PNG charts placed beside the "Tổng hợp" table. */
  summaryChart?: { png: Uint8Array; width: number; height: number };
}

/**
 * Above this many (item, unit, period) rows the workbook is streamed (exceljs WorkbookWriter: rows
 * leave memory as they are committed, so a province-year stays within a few hundred MB). The
 * streaming writer cannot place pictures, so the chart beside "Tổng hợp" comes with the in-memory
 * workbook only: a month of a province (40 units × 100 items = 4,000 rows) has it.
 */
export const STREAM_ABOVE_ROWS = 20_000;

/**
 * One workbook per plan and period: the plan's tables in its own layout, "Tổng hợp" (with the
 * completeness chart when not streamed), "Nhiệm vụ", and the flat sheet.
 */
export async function writePlanWorkbook(data: PlanExportData, label: ExportLabels, out: Writable, options: PlanWorkbookOptions = {}): Promise<void> {
  const streamed = data.rows.length > STREAM_ABOVE_ROWS;
  const workbook: AnyWorkbook = streamed ? new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false }) : new ExcelJS.Workbook();
  workbook.creator = "chitieu";
  const names = new Set<string>();
  for (const table of data.tables) writeLayoutSheet(workbook, uniqueName(names, tableSheetName(table.title, table.kind, label)), table, data, label, options);
  names.add(label("sheet.summary"));
  const chart = options.summaryChart && !streamed
    ? { imageId: workbook.addImage({ buffer: Buffer.from(options.summaryChart.png) as unknown as ExcelJS.Buffer, extension: "png" }), width: options.summaryChart.width, height: options.summaryChart.height }
    : undefined;
  writeSummarySheet(workbook, data, label, chart);
  writeTasksSheet(workbook, data, label);
  writeFlatSheet(workbook, data, label);
  if (streamed) await (workbook as ExcelJS.stream.xlsx.WorkbookWriter).commit();
  else await (workbook as ExcelJS.Workbook).xlsx.write(out);
}

/** "Phụ lục II: DANH MỤC…" → "Phụ lục II"; within Excel's 31 characters and without []:*?/\. */
export function tableSheetName(title: string, kind: "indicator" | "task", label: ExportLabels): string {
  const head = title.split(":")[0]!.replace(/[[\]:*?/\\]/g, " ").replace(/\s+/g, " ").trim();
  return (head || label(`kind.${kind}`)).slice(0, 31);
}

function uniqueName(taken: Set<string>, name: string): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate) || candidate === "Tổng hợp" || candidate === "Nhiệm vụ" || candidate === "Dữ liệu"; n++) candidate = `${name.slice(0, 27)} (${n})`;
  taken.add(candidate);
  return candidate;
}
