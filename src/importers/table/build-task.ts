import type { Message } from "../../chat/types.ts";
import { problemAsMessage } from "../import-problem.ts";
import { parseDeadline } from "../../domain/parse-deadline.ts";
import { splitUnitList } from "../../domain/unit-name.ts";
import type { ImportedSection, ImportedTask, ImportProblem } from "../types.ts";
import { rowCells } from "./row-cells.ts";
import { rowProblem } from "./row-problem.ts";
import type { ColumnRole, TableRow } from "./table-types.ts";
import { unitCellsOf } from "./unit-cells-of.ts";

/**
 * Builds a task from an item row of a task table ("Kết quả"/"Sản phẩm" = expected result).
 * The code is left empty: codes depend on the whole document and are given later.
 * A task without a deadline, or whose deadline has figures that could not be read, is flagged:
 * the service chases tasks by their deadline.
 */
export function buildTask(
  row: TableRow,
  columns: ColumnRole[],
  name: string,
  printedNumber: string,
  ctx: { section?: ImportedSection; planYear?: number },
): { task: ImportedTask; problems: ImportProblem[] } {
  const cells = rowCells(row, columns);
  const problems: ImportProblem[] = [];
  const reviewReasons: Message[] = [];
  const review = (code: string, params: Record<string, string | number> = {}) => {
    const problem = rowProblem(row, "review", code, params);
    reviewReasons.push(problemAsMessage(problem));
    problems.push(problem);
  };

  const task: ImportedTask = {
    code: "",
    printedNumber,
    name,
    lead: units(cells.all("lead")),
    coordinating: units(cells.all("coordinating")),
    needsReview: false,
    reviewReasons,
    line: row.line,
  };
  if (ctx.section) task.section = ctx.section;
  const unitCells = unitCellsOf(cells);
  if (unitCells) task.unitCells = unitCells;
  const result = cells.joined("result");
  if (result !== undefined) task.expectedResult = result;
  const basis = cells.joined("basis");
  if (basis !== undefined) task.basis = basis;
  if (columns.some((c) => c.role === "monitoring")) task.monitoring = units(cells.all("monitoring"));
  const source = cells.joined("sourceDocument");
  if (source !== undefined) task.sourceDocument = source;
  const note = cells.joined("note");
  if (note !== undefined) task.note = note;

  const deadline = cells.joined("deadline");
  if (deadline !== undefined) {
    const parsed = parseDeadline(deadline, ctx.planYear === undefined ? {} : { defaultYear: ctx.planYear });
    task.deadline = { raw: deadline, parsed };
    if (parsed.kind === "none" && /\d/.test(deadline)) {
      review("unparsed_deadline", { deadline });
    }
  } else if (columns.some((c) => c.role === "deadline")) {
    review("missing_deadline");
  }

  task.needsReview = reviewReasons.length > 0;
  return { task, problems };
}

function units(cells: { text: string }[]): string[] {
  return cells.flatMap((c) => splitUnitList(c.text));
}
