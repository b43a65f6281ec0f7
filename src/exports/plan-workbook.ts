import type { Writable } from "node:stream";
import type { PlanExportData } from "../services/export-data.ts";
import { UnitSummaryTally, type StatusRow, type UnitSummary } from "../services/reporting-status.ts";
import type { ExportLabels } from "./export-labels.ts";
import { writeFlatSheet } from "./flat-sheet.ts";
import { ItemLines } from "./item-lines.ts";
import { writeLayoutSheet, type LayoutSheetOptions } from "./layout-sheet.ts";
import { writeSummarySheet } from "./summary-sheet.ts";
import { writeTasksSheet } from "./tasks-sheet.ts";
import { XlsxWorkbook } from "./xlsx-writer.ts";

export interface PlanWorkbookOptions extends LayoutSheetOptions {
  /** The PNG chart placed beside the "Tổng hợp" table, drawn from the summary once every row was read. */
  summaryChart?: (summary: readonly UnitSummary[]) => Promise<{ png: Uint8Array; width: number; height: number } | undefined>;
}

/**
 * One workbook per plan and period: the plan's tables in its own layout, "Tổng hợp" (with the
 * completeness chart), "Nhiệm vụ", and the flat sheet. One pass over the read model's chunks
 * (reportingStatusInChunks): the flat sheet, which has every row, is written as they come — its
 * part first in the file, though its tab is last — while only the lines of the plan-shaped sheets
 * (one per item and unit) and the counts of the summary are kept; those sheets follow. Rows leave
 * memory as they are written (see xlsx-writer.ts), and `out` is ended when the workbook is complete.
 */
export async function writePlanWorkbook(data: PlanExportData, chunks: AsyncIterable<readonly StatusRow[]>, label: ExportLabels, out: Writable, options: PlanWorkbookOptions = {}): Promise<void> {
  const workbook = new XlsxWorkbook(out, { creator: "chitieu" });
  const names = new Set<string>();
  const tableNames = data.tables.map((table) => uniqueName(names, tableSheetName(table.title, table.kind, label)));
  const lines = new ItemLines();
  const tally = new UnitSummaryTally();
  // Tabs: the plan's tables, Tổng hợp, Nhiệm vụ, then the flat sheet.
  await writeFlatSheet(workbook, tableNames.length + 3, data, label, kept(chunks, (rows) => (lines.add(rows), tally.add(rows))));
  const summary = tally.result();
  for (const [i, table] of data.tables.entries()) await writeLayoutSheet(workbook, tableNames[i]!, table, data, lines, label, options);
  const picture = options.summaryChart && summary.length > 0 ? await options.summaryChart(summary) : undefined;
  const chart = picture ? { imageId: workbook.addImage(picture.png), width: picture.width, height: picture.height } : undefined;
  await writeSummarySheet(workbook, data, summary, label, chart);
  await writeTasksSheet(workbook, data, lines, label);
  await workbook.finish();
}

/** The chunks as they come, each shown to `keep` first. */
async function* kept(chunks: AsyncIterable<readonly StatusRow[]>, keep: (rows: readonly StatusRow[]) => void): AsyncGenerator<readonly StatusRow[]> {
  for await (const rows of chunks) {
    keep(rows);
    yield rows;
  }
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
