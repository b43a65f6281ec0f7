import type { Message } from "../../chat/types.ts";
import { problemAsMessage } from "../import-problem.ts";
import { inferValueKind } from "../../domain/infer-value-kind.ts";
import { parseDeadline } from "../../domain/parse-deadline.ts";
import { parseTarget, targetDirection } from "../../domain/parse-target.ts";
import { splitUnitList } from "../../domain/unit-name.ts";
import { parseVnNumber } from "../../domain/vn-number.ts";
import type { ImportedIndicator, ImportedSection, ImportedTarget, ImportProblem } from "../types.ts";
import { rowCells } from "./row-cells.ts";
import { rowProblem } from "./row-problem.ts";
import type { ColumnRole, TableRow } from "./table-types.ts";
import { unitCellsOf } from "./unit-cells-of.ts";

export interface IndicatorRowContext {
  /** Year set by a horizon row above ("Đến hết năm 2030"). */
  horizon?: number;
  /** Year in the appendix title ("… THỰC HIỆN NĂM 2026"). */
  appendixYear?: number;
  /** Year of the plan's date: a last resort for a target column without a year. */
  planYear?: number;
  section?: ImportedSection;
  /** Sub-level of the row ("Cấp tỉnh"): its targets carry it. */
  level?: string;
}

/**
 * Builds an indicator from an item (or sub-level) row of an indicator table, in which "Kết quả"
 * columns have already been turned into target columns. The code is left empty: codes depend on
 * the whole document and are given later.
 *
 * A target column's year comes from its header ("Mục tiêu năm 2026"), else from the horizon row
 * above, else from the appendix title; failing those the plan's year is assumed and the row is
 * flagged for review. With no year at all the target cannot be placed: it is left out and flagged.
 */
export function buildIndicator(
  row: TableRow,
  columns: ColumnRole[],
  name: string,
  printedNumber: string,
  ctx: IndicatorRowContext,
): { indicator: ImportedIndicator; problems: ImportProblem[] } {
  const cells = rowCells(row, columns);
  const problems: ImportProblem[] = [];
  const reviewReasons: Message[] = [];
  const review = (code: string, params: Record<string, string | number> = {}) => {
    const problem = rowProblem(row, "review", code, params);
    reviewReasons.push(problemAsMessage(problem));
    problems.push(problem);
  };

  const targets: ImportedTarget[] = [];
  for (const { text, column } of cells.all("target")) {
    const headerYear = column.role === "target" ? column.year : undefined;
    const year = headerYear ?? ctx.horizon ?? ctx.appendixYear ?? ctx.planYear;
    if (year === undefined) {
      review("unknown_target_year", { target: text });
      continue;
    }
    if (headerYear !== undefined && ctx.horizon !== undefined && ctx.horizon !== headerYear) {
      review("horizon_conflict", { column: headerYear, horizon: ctx.horizon });
    } else if (headerYear === undefined && ctx.horizon === undefined && ctx.appendixYear === undefined) {
      review("target_year_assumed", { target: text, year });
    }
    if (targets.some((t) => t.year === year)) {
      review("duplicate_target_year", { year });
    }
    const parsed = parseTarget(text);
    if (parsed.kind === "qualitative" && /\d/.test(text) && !("topN" in parsed && parsed.topN !== undefined)) {
      review("unparsed_target", { target: text });
    }
    targets.push(ctx.level === undefined ? { year, raw: text, parsed } : { year, raw: text, parsed, level: ctx.level });
  }

  const unitOfMeasure = cells.joined("unitOfMeasure");
  const indicator: ImportedIndicator = {
    code: "",
    printedNumber,
    name,
    valueKind: inferValueKind({ name, unitOfMeasure, targets: targets.map((t) => t.parsed) }),
    direction: targets[0] ? targetDirection(targets[0].parsed) : "none",
    targets,
    lead: units(cells.all("lead")),
    coordinating: units(cells.all("coordinating")),
    monitoring: units(cells.all("monitoring")),
    needsReview: false,
    reviewReasons,
    line: row.line,
  };
  if (ctx.section) indicator.section = ctx.section;
  const unitCells = unitCellsOf(cells);
  if (unitCells) indicator.unitCells = unitCells;
  if (unitOfMeasure !== undefined) indicator.unitOfMeasure = unitOfMeasure;

  const baseline = cells.all("baseline")[0];
  if (baseline) {
    const value = parseVnNumber(baseline.text);
    const year = baseline.column.role === "baseline" ? baseline.column.year : undefined;
    indicator.baseline = { raw: baseline.text, ...(value.ok ? { value: value.value } : {}), ...(year === undefined ? {} : { year }) };
  }
  const deadline = cells.joined("deadline");
  if (deadline !== undefined) {
    indicator.deadline = { raw: deadline, parsed: parseDeadline(deadline, ctx.planYear === undefined ? {} : { defaultYear: ctx.planYear }) };
  }
  const source = cells.joined("sourceDocument");
  if (source !== undefined) indicator.sourceDocument = source;
  const note = cells.joined("note");
  if (note !== undefined) indicator.note = note;

  indicator.needsReview = reviewReasons.length > 0;
  return { indicator, problems };
}

function units(cells: { text: string }[]): string[] {
  return cells.flatMap((c) => splitUnitList(c.text));
}
