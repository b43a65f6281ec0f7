import { searchKey } from "../../domain/search-key.ts";
import { cleanCell } from "./clean-cell.ts";
import { splitTableLine } from "./split-table-line.ts";
import type { DocumentBlock, RawTable, TableRow } from "./table-types.ts";

/**
 * Reads a plan document into prose lines and tables (tab-separated or pipe rows), in order.
 *
 * The extraction breaks tables at page breaks; this undoes it:
 * - a table goes on across blank lines (page breaks) until a prose line appears;
 * - the header repeated after a page break and the `| 1 | 2 | 3 |` column-number row are dropped;
 * - a row that follows a page break and has an empty number cell continues the previous item
 *   row: its cells are appended to that row's cells (seed 000 III.3, seed 002, seed 004);
 * - a row of bare years right under the header completes it (`| | | 2025 | 2030 |`).
 * Cells are cleaned of HTML/markdown emphasis; whether a cell was italic is kept, because an
 * italic level name ("<i>Cấp tỉnh</i>") marks a sub-row, not a continuation.
 */
export function readTableRows(text: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let table: RawTable | null = null;
  /** A page break (blank line, repeated header) happened since the last row of `table`. */
  let pageBreak = false;

  text.split(/\r?\n/).forEach((source, index) => {
    const line = index + 1;
    const split = splitTableLine(source);
    if (split === null) {
      if (source.trim() === "" || PAGE_NUMBER.test(source.trim())) {
        pageBreak = true;
        return;
      }
      table = null;
      blocks.push({ type: "text", line, text: source.trim() });
      return;
    }
    if (split.kind === "separator") return;

    const cleaned = split.cells.map(cleanCell);
    const cells = cleaned.map((c) => c.text);
    const filled = cells.filter((c) => c !== "").length;
    if (filled === 0) {
      pageBreak = true;
      return;
    }

    if (table === null) {
      // A stray tab in prose is not a table.
      if (filled < 2 && cells[0] !== "") {
        blocks.push({ type: "text", line, text: cells.join(" ").trim() });
        return;
      }
      table = { format: split.format, headerLine: line, header: cells, rows: [] };
      blocks.push({ type: "table", table });
      pageBreak = false;
      return;
    }

    if (isRepeatedHeader(cells, table.header) || isColumnNumberRow(cells)) {
      pageBreak = true;
      return;
    }
    if (table.rows.length === 0 && isYearRow(cells)) {
      table.header = mergeYearRow(table.header, cells);
      return;
    }

    const row: TableRow = {
      line,
      cells,
      italic: cleaned.map((c) => c.italic),
      continuationLines: [],
    };
    const previous = table.rows.at(-1);
    if (pageBreak && previous && continuesPrevious(row, previous)) {
      appendContinuation(previous, row);
    } else {
      table.rows.push(row);
    }
    pageBreak = false;
  });
  return blocks;
}

/** A page number left alone on its line between two pages ("12", "- 3 -"). */
const PAGE_NUMBER = /^[-–\s]*\d{1,3}[-–\s]*$/;

function isRepeatedHeader(cells: string[], header: string[]): boolean {
  const key = (c: string) => searchKey(c).replace(/[^a-z0-9]+/g, "");
  const a = cells.map(key).filter((c) => c !== "");
  const b = header.map(key).filter((c) => c !== "");
  return a.length > 0 && a.length === b.length && a.every((c, i) => c === b[i]);
}

/** `| 1 | 2 | 3 | … |` or `(1) (2) (3)` under a header: column numbers, not data. */
function isColumnNumberRow(cells: string[]): boolean {
  const filled = cells.map((c) => c.replace(/[()]/g, "").trim()).filter((c) => c !== "");
  return filled.length >= 3 && filled.every((c, i) => c === String(i + 1));
}

/**
 * Two or more bare years under the header ("| | | 2025 | 2030 |") split a grouped header.
 * A single "Năm 2026" is a horizon row, not part of the header.
 */
function isYearRow(cells: string[]): boolean {
  const filled = cells.filter((c) => c !== "");
  return filled.length >= 2 && cells[0] === "" && filled.every((c) => /^(19|20)\d\d$/.test(c));
}

/** A year under a grouped header ("Mục tiêu" spanning "2025 | 2030") joins the group's name. */
function mergeYearRow(header: string[], years: string[]): string[] {
  const merged: string[] = [];
  let group = "";
  const width = Math.max(header.length, years.length);
  for (let i = 0; i < width; i++) {
    const head = header[i] ?? "";
    const year = years[i] ?? "";
    if (head !== "") group = head;
    merged.push(year === "" ? head : `${group} ${year}`.trim());
  }
  return merged;
}

/**
 * Only an item row (its number cell starts with a digit) can be continued, and a level name
 * ("Cấp tỉnh") starts a sub-row of its own even right after a page break.
 */
function continuesPrevious(row: TableRow, previous: TableRow): boolean {
  if ((row.cells[0] ?? "") !== "") return false;
  if (!/^\d/.test(previous.cells[0] ?? "")) return false;
  const firstFilled = row.cells.findIndex((c) => c !== "");
  const first = row.cells[firstFilled] ?? "";
  return !(row.italic[firstFilled] ?? false) && !/^cap\s/.test(searchKey(first));
}

function appendContinuation(previous: TableRow, row: TableRow): void {
  row.cells.forEach((cell, i) => {
    if (cell === "") return;
    const before = previous.cells[i] ?? "";
    while (previous.cells.length <= i) previous.cells.push("");
    while (previous.italic.length <= i) previous.italic.push(false);
    previous.cells[i] = before === "" ? cell : `${before} ${cell}`;
  });
  previous.continuationLines.push(row.line);
}
