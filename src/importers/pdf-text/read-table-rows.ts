import { importProblem } from "../import-problem.ts";
import type { ImportProblem, ImportedSection } from "../types.ts";
import { findTargetRun, type TargetRun } from "./find-target-run.ts";
import { isUnitStart } from "./is-unit-start.ts";
import type { RowDraft, RowNote, UnitCell } from "./row-draft.ts";
import { quoteList } from "./quote-list.ts";

/**
 * The numbered rows of a PDF-text table, with the horizon years of its header. Problems about
 * lines outside any row go straight into `problems`; those inside a row ride on the row as notes.
 * The reading rules are described at the top of parse-pdf-text-catalogue.ts.
 */
export function readTableRows(lines: readonly string[], problems: ImportProblem[]): TableRows {
  const firstHeader = lines.findIndex((line) => HEADER_START.test(line));
  const firstRow = lines.findIndex((line) => SECTION.test(line) || ROW_START.test(line));
  const tableStart = firstHeader >= 0 ? firstHeader : firstRow >= 0 ? firstRow : lines.length;
  // Some extractors trim line ends; then a blank after a line's last value cannot be seen at all.
  const keepsLineEndBlanks = lines.some((line) => /\S[ \t]+$/u.test(line));
  const reader = new TableReader(problems, keepsLineEndBlanks);
  for (let index = tableStart; index < lines.length; index++) reader.read(lines[index] ?? "", index + 1);
  return { tableStart, headerFound: firstHeader >= 0, drafts: reader.finish(), horizons: reader.horizons };
}

export interface TableRows {
  /** 0-based index of the table's first line; the lines above it are the document's heading. */
  tableStart: number;
  headerFound: boolean;
  drafts: RowDraft[];
  horizons: number[];
}

/**
 * " TT Chỉ tiêu", "STT Nội dung": the header row that opens the table and repeats after page
 * breaks. "TT" alone also abbreviates "Trung tâm" in a unit cell, hence the column word after it.
 */
const HEADER_START = /^\s?(?:S?TT|Số TT)(?:\s+(?:Chỉ tiêu|Tên|Nội dung|Nhiệm vụ|Mục tiêu)|\s*$)/iu;
const SECTION = /^\s?(I{1,3}|IV|VI{0,3}|IX|X)\.?\s+(\p{Lu}.*?)\s*$/u;
const ROW_START = /^\s?(\d{1,3})\.?(?=\s|$)/u;
const YEAR = /\b(?:19|20)\d\d\b/gu;
const YEARS_ONLY = /^\s*(?:(?:[Nn]ăm\s+)?(?:19|20)\d\d\s*)+$/u;
/** The header never takes more lines than this; past it, the block was not a header after all. */
const HEADER_MAX_LINES = 8;
/** Extra blank, counted in separators, that marks where an empty cell stood (see the column rule in parse-pdf-text-catalogue.ts). */
const EMPTY_CELL_BLANK = 2;
const MAX_NUMBER_GAP = 3;
/**
 * A unit cell goes on with a capitalised line only after a word that asks for more of a name
 * ("Sở Nông nghiệp và / Môi trường"); otherwise a capitalised line is not part of the cell
 * (a note, the text under the table) and is reported instead of being glued to a unit's name.
 */
const CONTINUES_NAME = /(?:,|\b(?:và|với|các|của|cùng|hợp))\s*$/u;

/** Walks the table line by line, keeping the row being read and the last unit cell opened. */
class TableReader {
  horizons: number[] = [];
  private readonly drafts: RowDraft[] = [];
  private row: RowDraft | undefined;
  private section: ImportedSection | undefined;
  private lastNumber = 0;
  private sectionHasRows = false;
  private lastCell: UnitCell | undefined;
  private header: { start: number; years: number[]; lines: number } | undefined;
  private firstHeaderLines: number | undefined;

  constructor(
    private readonly problems: ImportProblem[],
    private readonly keepsLineEndBlanks: boolean,
  ) {}

  read(line: string, lineNo: number): void {
    if (line.trim() === "") return;
    if (this.header) {
      // The header runs up to its horizon years, including years wrapped onto lines of their own.
      const pastYears = this.header.years.length > 0 && !YEARS_ONLY.test(line);
      if (pastYears || SECTION.test(line) || this.isNextRow(line)) this.endHeader(lineNo);
      else {
        this.readHeaderLine(line, lineNo);
        return;
      }
    }
    if (HEADER_START.test(line)) {
      this.header = { start: lineNo, years: [], lines: 0 };
      this.readHeaderLine(line, lineNo);
      return;
    }
    const section = SECTION.exec(line);
    if (section && findTargetRun(line, 1) === undefined) {
      this.closeRow();
      this.section = { code: section[1] ?? "", title: (section[2] ?? "").replace(/\s+/g, " ") };
      this.sectionHasRows = false;
      this.lastCell = undefined;
      return;
    }
    const rowStart = ROW_START.exec(line);
    const number = rowStart ? Number(rowStart[1]) : NaN;
    const restartsNumbering = number === 1 && this.section !== undefined && !this.sectionHasRows;
    // A skipped number is only believed where the line also starts a name, at the very margin:
    // a lone number further right is a target value ("     15   ").
    const skipsNumbers = number > this.lastNumber + 1 && number <= this.lastNumber + MAX_NUMBER_GAP && /^\d+\.?\s+\p{Lu}/u.test(line);
    if (rowStart && skipsNumbers) {
      this.problems.push(importProblem({ line: lineNo, severity: "review", code: "numbering_gap", params: { from: this.lastNumber, to: number }, text: line.trim() }));
    }
    if (rowStart && (number === this.lastNumber + 1 || restartsNumbering || skipsNumbers)) {
      this.closeRow();
      this.lastNumber = number;
      this.sectionHasRows = true;
      this.row = {
        printedNumber: rowStart[1] ?? "",
        line: lineNo,
        ...(this.section ? { section: this.section } : {}),
        nameParts: [],
        nameClosed: false,
        textTarget: [],
        state: "name",
        notes: [],
      };
      this.readRowLine(this.row, line, lineNo, 1);
      return;
    }
    if (this.row) {
      this.readRowLine(this.row, line, lineNo, 0);
      return;
    }
    this.problems.push(importProblem({ line: lineNo, severity: "error", code: "unattributed_line", key: "line_outside_rows", text: line.trim() }));
  }

  finish(): RowDraft[] {
    if (this.header) this.endHeader(this.header.start);
    this.closeRow();
    return this.drafts;
  }

  private readHeaderLine(line: string, lineNo: number): void {
    const header = this.header;
    if (!header) return;
    header.lines++;
    const years = [...line.matchAll(YEAR)].map((m) => Number(m[0]));
    for (const year of years) if (!header.years.includes(year)) header.years.push(year);
    // A repeated header is no longer than the first; past that, the lines are the table's again.
    if (header.lines >= (this.firstHeaderLines ?? HEADER_MAX_LINES)) this.endHeader(lineNo);
  }

  private isNextRow(line: string): boolean {
    const rowStart = ROW_START.exec(line);
    return rowStart !== null && Number(rowStart[1]) === this.lastNumber + 1;
  }

  private endHeader(lineNo: number): void {
    const header = this.header;
    this.header = undefined;
    if (!header) return;
    this.firstHeaderLines ??= header.lines;
    if (this.horizons.length === 0) {
      this.horizons = header.years;
      if (header.years.length === 0) {
        this.problems.push(importProblem({ line: header.start, severity: "error", code: "missing_horizons", text: "" }));
      }
    } else if (header.years.length > 0 && header.years.join(",") !== this.horizons.join(",")) {
      this.problems.push(importProblem({ line: lineNo, severity: "review", code: "horizons_changed", params: { years: header.years.join(", "), first: this.horizons.join(", ") }, text: header.years.join(" ") }));
    }
  }

  private readRowLine(row: RowDraft, line: string, lineNo: number, fromWord: number): void {
    const content = contentFrom(line, fromWord);
    if (content.trim() === "") return;
    if (row.state === "name") {
      const run = findTargetRun(line, fromWord, isUnitStart);
      if (run) {
        // "… ISO 9001 ≥ 5 ≥ 10 ≥ 15" under three horizons: the surplus leading numbers end the name.
        const surplus = run.before.trim() !== "" && this.horizons.length > 0 ? run.tokens.length - this.horizons.length : 0;
        if (surplus > 0) {
          const moved = run.tokens.splice(0, surplus);
          run.before = `${run.before.trimEnd()} ${moved.join(" ")}`;
          run.extraBlankBefore = 0;
          row.notes.push({
            line: lineNo,
            code: "number_in_name",
            key: "number_in_name",
            params: { values: quoteList(moved) },
            text: line.trim(),
          });
        }
        if (run.before.trim() !== "") row.nameParts.push(run.before);
        row.nameClosed = true;
        this.addValues(row, run, lineNo, line);
        row.state = "values";
        if (run.after.trim() !== "") this.readAfterName(row, run.after, lineNo, line);
        return;
      }
      const startsUnit = row.nameParts.length > 0 && isUnitStart(content);
      if (!row.nameClosed && !startsUnit) {
        row.nameParts.push(content);
        if (/\.\s*$/u.test(content)) row.nameClosed = true;
        return;
      }
      row.nameClosed = true;
    }
    this.readAfterName(row, content, lineNo, line);
  }

  /** Text after the name: more values, a text target, the row's unit cell, or a merged cell's continuation. */
  private readAfterName(row: RowDraft, fragment: string, lineNo: number, line: string): void {
    const text = fragment.replace(/\s+/g, " ").trim();
    if (text === "") return;
    const run = findTargetRun(fragment);
    const onlyValues = run !== undefined && run.before.trim() === "" && run.after.trim() === "";
    if (onlyValues) {
      const count = (row.values?.tokens.length ?? 0) + run.tokens.length;
      if ((row.state === "name" || row.state === "values") && count <= Math.max(this.horizons.length, 1)) {
        this.addValues(row, run, lineNo, line);
        row.state = "values";
      } else {
        row.notes.push(strayLine(lineNo, line));
      }
      return;
    }
    if (row.state === "unit") {
      const previous = row.ownCell?.parts[row.ownCell.parts.length - 1] ?? "";
      if (/^\p{Ll}/u.test(text) || isUnitStart(text) || CONTINUES_NAME.test(previous)) row.ownCell?.parts.push(text);
      else row.notes.push(strayLine(lineNo, line));
      return;
    }
    if (isUnitStart(text)) {
      row.ownCell = { parts: [text] };
      this.lastCell = row.ownCell;
      row.state = "unit";
      return;
    }
    if (/^\p{Ll}/u.test(text)) {
      if (row.state === "text_target") row.textTarget.push(text);
      else if (this.lastCell && row.ownCell === undefined) {
        this.lastCell.parts.push(text);
        row.sharedCell = this.lastCell;
        row.state = "shared_unit";
      } else row.notes.push(strayLine(lineNo, line));
      return;
    }
    const roomLeft = (row.values?.tokens.length ?? 0) < this.horizons.length;
    if ((row.state === "name" || row.state === "values") && roomLeft && row.textTarget.length === 0) {
      row.textTarget.push(text);
      row.state = "text_target";
      return;
    }
    row.notes.push(strayLine(lineNo, line));
  }

  private addValues(row: RowDraft, run: TargetRun, lineNo: number, line: string): void {
    const blankAfter = run.endsLine && !this.keepsLineEndBlanks ? undefined : run.extraBlankAfter >= EMPTY_CELL_BLANK;
    if (row.values) {
      row.values.tokens.push(...run.tokens);
      row.values.blankAfter = blankAfter;
      return;
    }
    const blankBefore = run.extraBlankBefore >= EMPTY_CELL_BLANK;
    row.values = { tokens: [...run.tokens], blankBefore, blankAfter, line: lineNo, lineText: line.trim() };
  }

  private closeRow(): void {
    const row = this.row;
    this.row = undefined;
    if (!row) return;
    if (!row.ownCell && !row.sharedCell && this.lastCell) row.sharedCell = this.lastCell;
    this.drafts.push(row);
  }
}

function strayLine(lineNo: number, line: string): RowNote {
  const text = line.trim();
  return {
    line: lineNo,
    code: "unattributed_line",
    key: "stray_line",
    params: {},
    text,
  };
}

/** The line from word `fromWord` on (word 0 is the row number on a row's first line). */
function contentFrom(line: string, fromWord: number): string {
  if (fromWord === 0) return line;
  const words = [...line.matchAll(/\S+/g)];
  const word = words[fromWord];
  return word ? line.slice(word.index) : "";
}
