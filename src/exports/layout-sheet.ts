import { targetText } from "../chat/format.ts";
import { targetForYear } from "../domain/reporting-status.ts";
import type { ExportTable, PlanExportData } from "../services/export-data.ts";
import type { StatusRow } from "../services/reporting-status.ts";
import type { ItemLines } from "./item-lines.ts";
import type { ExportLabels } from "./export-labels.ts";
import { gapOf, stateLabel, type CellValue } from "./flat-columns.ts";
import { openSheet, type SheetColumn } from "./sheet-writer.ts";
import type { XlsxWorkbook } from "./xlsx-writer.ts";
import { vnWallClock } from "./vn-wall-clock.ts";
import { subjectKey } from "../domain/subject-key.ts";

export const resultColumnKeys = ["period", "value", "achievement", "gap", "unit", "reported_at", "timeliness", "revisions", "evidence"] as const;

export interface LayoutSheetOptions {
  /** A link to a report's history and evidence, when the workbook is served by a known address. */
  evidenceLink?: (reportId: number) => string;
}

/**
 * One of the plan's tables as the document has it — its own header cells, section rows, items in
 * order — followed by the result columns. An item reported by several units takes one line per
 * unit, the plan's cells on the first. When the period holds several reporting periods (a year of
 * months) a line shows the latest reported one, else the latest one.
 */
export async function writeLayoutSheet(workbook: XlsxWorkbook, name: string, table: ExportTable, data: PlanExportData, lines: ItemLines, label: ExportLabels, options: LayoutSheetOptions = {}): Promise<void> {
  const columns: SheetColumn[] = [
    ...table.headers.map((header, i): SheetColumn => ({ header, kind: "text", maxWidth: table.columns[i] === "name" ? 60 : 30 })),
    ...resultColumnKeys.map((k): SheetColumn => ({ header: label(`result.${k}`), kind: k === "value" || k === "gap" ? "number" : k === "revisions" ? "count" : k === "reported_at" ? "date" : "text", maxWidth: 30 })),
  ];
  const sheetLines = [...layoutLines(table, data, lines, label, options)];
  const title = label("title", { plan: data.plan.number || data.plan.title || data.plan.key, table: table.title || label(`kind.${table.kind}`), period: label.period(data.periodKey) });
  const sheet = await openSheet(workbook, name, title, columns, sheetLines.map((l) => l.values));
  for (const line of sheetLines) await sheet.write(line.values, line.section ? "section" : "grid");
  await sheet.close();
}

interface Line {
  values: CellValue[];
  section: boolean;
}

function* layoutLines(table: ExportTable, data: PlanExportData, lines: ItemLines, label: ExportLabels, options: LayoutSheetOptions): Generator<Line> {
  const year = Number(data.periodKey.slice(0, 4)) || new Date().getUTCFullYear();
  const nameAt = Math.max(0, table.columns.indexOf("name"));
  for (const row of table.rows) {
    if (row.type === "section") {
      const values: CellValue[] = table.columns.map(() => null);
      values[0] = row.code.replace(/^PL\d+\./, "");
      values[nameAt === 0 ? 1 : nameAt] = row.title;
      yield { values: [...values, ...resultColumnKeys.map(() => null)], section: true };
      continue;
    }
    const item = table.kind === "indicator" ? data.indicators.get(row.code) : data.tasks.get(row.code);
    if (!item) continue;
    const key = subjectKey(table.kind, item.id);
    const planCells = table.columns.map((c) => planCell(c, table.kind, item, year));
    const units = lines.of(key);
    if (units.length === 0) {
      yield { values: [...planCells, ...resultColumnKeys.map(() => null)], section: false };
      continue;
    }
    for (const [i, r] of units.entries()) {
      yield { values: [...(i === 0 ? planCells : planCells.map(() => null)), ...resultCells(r, label, options)], section: false };
    }
  }
}

function resultCells(r: StatusRow, label: ExportLabels, options: LayoutSheetOptions): CellValue[] {
  const rep = r.report;
  const value: CellValue = rep ? (rep.valueNumber ?? rep.valueText ?? (rep.taskStatus ? label.taskStatus(rep.taskStatus) : null)) : null;
  const evidence = rep && rep.evidence.count > 0 ? (rep.evidence.name ?? String(rep.evidence.count)) : null;
  return [
    label.period(r.periodKey),
    value,
    rep && r.subjectType === "indicator" ? label(`achievement.${r.achievementLabel}`) : null,
    gapOf(r),
    r.unitName,
    rep ? vnWallClock(rep.at) : null,
    stateLabel(r, label),
    rep?.revisions ?? null,
    evidence && rep && options.evidenceLink ? { text: evidence, hyperlink: options.evidenceLink(rep.id) } : evidence,
  ];
}

type IndicatorItem = PlanExportData["indicators"] extends Map<string, infer V> ? V : never;
type TaskItem = PlanExportData["tasks"] extends Map<string, infer V> ? V : never;

function planCell(column: string, kind: "indicator" | "task", item: IndicatorItem | TaskItem, year: number): CellValue {
  const [role, y] = column.split(":");
  const indicator = kind === "indicator" ? (item as IndicatorItem) : undefined;
  const task = kind === "task" ? (item as TaskItem) : undefined;
  switch (role) {
    case "number":
      return item.printedNumber ?? item.code;
    case "name":
      return item.name;
    case "unitOfMeasure":
      return indicator?.unitOfMeasure ?? null;
    case "target": {
      if (!indicator) return null;
      const target = y === undefined ? targetForYear(indicator.targets, year) : indicator.targets.find((t) => t.year === Number(y));
      return target ? targetText(target.raw) : null;
    }
    case "baseline":
      return indicator?.baselineRaw ?? null;
    case "lead":
      return item.lead.join("; ") || null;
    case "coordinating":
      return item.coordinating.join("; ") || null;
    case "monitoring":
      return indicator?.monitoring.join("; ") || null;
    case "deadline":
      return item.deadlineRaw;
    case "basis":
      return task?.basis ?? null;
    case "sourceDocument":
      return indicator?.sourceDocument ?? null;
    case "result":
      return task?.expectedResult ?? null;
    default:
      return null;
  }
}
