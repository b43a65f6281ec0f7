import type { PlanExportData } from "../services/export-data.ts";
import type { ExportLabels } from "./export-labels.ts";
import type { CellValue } from "./flat-columns.ts";
import type { ItemLines } from "./item-lines.ts";
import { openSheet, type SheetColumn } from "./sheet-writer.ts";
import type { XlsxWorkbook } from "./xlsx-writer.ts";
import { vnWallClock } from "./vn-wall-clock.ts";
import { subjectKey } from "../domain/subject-key.ts";

export const taskColumnKeys = ["number", "name", "lead", "expected_result", "deadline", "unit", "status", "product", "problems", "note", "reported_at"] as const;

/**
 * "Nhiệm vụ": every task of the plan with its status for the period by unit, the product delivered
 * (the note of a "done" report) and the problems (the note of a "blocked" one).
 */
export async function writeTasksSheet(workbook: XlsxWorkbook, data: PlanExportData, lines: ItemLines, label: ExportLabels): Promise<void> {
  const columns: SheetColumn[] = taskColumnKeys.map((k) => ({ header: label(`tasks.${k}`), kind: k === "reported_at" ? "date" : "text", maxWidth: k === "name" || k === "expected_result" ? 50 : 30 }));
  const sheetLines = [...taskLines(data, lines, label)];
  const sheet = await openSheet(workbook, label("sheet.tasks"), label("tasks_title", { period: label.period(data.periodKey), plan: data.plan.number || data.plan.title || data.plan.key }), columns, sheetLines);
  for (const values of sheetLines) await sheet.write(values, "grid");
  await sheet.close();
}

function* taskLines(data: PlanExportData, lines: ItemLines, label: ExportLabels): Generator<CellValue[]> {
  for (const task of data.tasks.values()) {
    const plan: CellValue[] = [task.printedNumber ?? task.code, task.name, task.lead.join("; ") || null, task.expectedResult, task.deadlineRaw];
    const units = lines.of(subjectKey("task", task.id));
    if (units.length === 0) yield [...plan, null, label("not_assigned"), null, null, null, null];
    for (const [i, r] of units.entries()) {
      const rep = r.report;
      const note = rep?.note ?? null;
      yield [
        ...(i === 0 ? plan : plan.map(() => null)),
        r.unitName,
        rep?.taskStatus ? label.taskStatus(rep.taskStatus) : rep ? (rep.valueText ?? null) : label("tasks.not_reported"),
        rep?.taskStatus === "done" ? note : null,
        rep?.taskStatus === "blocked" ? note : null,
        rep?.taskStatus === "done" || rep?.taskStatus === "blocked" ? null : note,
        rep ? vnWallClock(rep.at) : null,
      ];
    }
  }
}
