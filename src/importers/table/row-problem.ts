import type { ImportProblem } from "../types.ts";
import type { TableRow } from "./table-types.ts";

/** A problem about one table row, quoting the row's cells (continuations included). */
export function rowProblem(row: TableRow, severity: ImportProblem["severity"], code: string, message: string): ImportProblem {
  return { line: row.line, severity, code, message, text: row.cells.filter((c) => c !== "").join(" | ") };
}
