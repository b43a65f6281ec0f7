import { importProblem } from "../import-problem.ts";
/**
 * Reader for plan appendices extracted from PDF as plain text (seed 001: Plan 30/KH-SKHCN).
 *
 * What the extraction leaves: each table row starts with its number at the left margin; the
 * indicator name follows, on the same line or wrapped over several; then the surviving target
 * cells, separated by single spaces; then the responsible-unit cell, wrapped over its own lines.
 * Empty target cells vanish, leaving only some extra blank characters where they stood. Page
 * breaks repeat the table header ("TT Chỉ tiêu … 2025 2030 2035 2040 2045"), which is skipped.
 *
 * COLUMN RULE — how surviving target values are tied to horizons:
 * 1. As many values as horizons: one per horizon, in order. Certain.
 * 2. Fewer values: the row is ALWAYS flagged for review (needsReview, a reviewReason and a
 *    "review" problem naming the horizons placed and the horizons left empty). The only evidence
 *    is blank space: a value normally follows the name, or starts its line, after one separator;
 *    a blank of 2+ extra separators before the first value (or after the last) is where an empty
 *    cell stood. Complete rows show at most one extra blank (#15, #31, #19, #25), and every row
 *    whose first horizons are empty shows 2+ (#2, #12, #18, #26, #50), so:
 *    a. no wide blank before the first value → place left to right from the first horizon
 *       (#1 "≥20% 99%" → 2025, 2030; #24 "20/34 17/34 15/34 Nhóm 15 tỉnh đứng đầu" → 2025–2040);
 *    b. a wide blank before and none after → place right to left from the last horizon
 *       (#12 "     80% ≥ 90% " → 2040, 2045);
 *    c. wide blanks on both sides (#22 "     15   ", #29 "    12   ") → the column cannot be told;
 *       the values are kept in `unplacedTargets`, never given a year. The same when a blank
 *       precedes the values and the text has its line ends trimmed (no line keeps a trailing
 *       blank), since then the blank after the last value cannot be seen.
 *    A text target (a cell starting with a capital letter that is not a unit's name, printed on
 *    the lines after the values: "Nhóm 15 / tỉnh / đứng đầu") is the last surviving value.
 * 3. More values than horizons: nothing is placed; all go to `unplacedTargets`, flagged.
 *
 * Responsible-unit cells: a cell opens with a unit's name ("Phòng…", "Văn phòng…", "Sở…") and runs
 * until the next row. A fragment that starts in lower case where a row's own cell would start
 * ("hiện các nội dung liên / quan" in row 43) is the continuation of the last cell that opened:
 * a merged cell whose text the PDF interleaves with the rows it spans. A row with no cell of its
 * own shares the last cell opened in its section (rows 41–48 share row 40's).
 *
 * Any line that fits none of this becomes a problem; nothing is dropped silently.
 */
import type { ImportedCatalogue, ImportProblem } from "../types.ts";
import { buildIndicator } from "./build-indicator.ts";
import { readPlanReference } from "./read-plan-reference.ts";
import { readTableRows } from "./read-table-rows.ts";

export function parsePdfTextCatalogue(text: string, opts: { planNumber?: string } = {}): ImportedCatalogue {
  const lines = text.split(/\r\n|\r|\n/);
  const problems: ImportProblem[] = [];
  const table = readTableRows(lines, problems);

  const heading = lines.slice(0, table.tableStart);
  const plan = readPlanReference(heading);
  const referenceLine = heading.findIndex((line) => /Kèm theo/iu.test(line)) + 1 || 1;
  const callerNumber = opts.planNumber?.trim() ?? "";
  if (callerNumber && plan.number && callerNumber.replace(/\s+/g, "") !== plan.number) {
    problems.push(importProblem({ line: referenceLine, severity: "review", code: "plan_number_mismatch", params: { found: plan.number, asked: callerNumber }, text: heading[referenceLine - 1]?.trim() ?? "" }));
  }
  if (callerNumber) plan.number = callerNumber;
  if (!plan.number) {
    problems.push(importProblem({ line: referenceLine, severity: "review", code: "missing_plan_number", key: "no_plan_reference", text: heading[referenceLine - 1]?.trim() ?? "" }));
  }
  if (!table.headerFound) {
    problems.push(importProblem({ line: table.tableStart + 1, severity: "error", code: "missing_table_header", text: lines[table.tableStart]?.trim() ?? "" }));
  }

  // Plans that restart numbering in each section need the section in the code to keep it unique.
  const numbersRepeat = new Set(table.drafts.map((d) => d.printedNumber)).size < table.drafts.length;
  const indicators = table.drafts.flatMap((draft) => {
    const code = numbersRepeat && draft.section ? `${draft.section.code}.${draft.printedNumber}` : draft.printedNumber;
    const indicator = buildIndicator(draft, code, table.horizons, problems);
    return indicator ? [indicator] : [];
  });

  problems.sort((a, b) => a.line - b.line);
  return { format: "pdf-text", plan, indicators, tasks: [], problems };
}
