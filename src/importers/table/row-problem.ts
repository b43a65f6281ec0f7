import { importProblem } from "../import-problem.ts";
import type { ImportProblem } from "../types.ts";
import type { TableRow } from "./table-types.ts";

/** A problem about one table row, quoting the row's cells (continuations included). */
export function rowProblem(row: TableRow, severity: ImportProblem["severity"], code: string, params: Record<string, string | number> = {}, key?: string): ImportProblem {
  return importProblem({ line: row.line, severity, code, ...(key ? { key } : {}), params, text: row.cells.filter((c) => c !== "").join(" | ") });
}
