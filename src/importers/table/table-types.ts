/**
 * Shapes passed between the steps of the table reader (tab-separated and pipe/markdown tables).
 * Raw text only: nothing here has been interpreted as an indicator or a task yet.
 */

/** One table row after page-break continuations have been appended to it. */
export interface TableRow {
  /** 1-based line where the row starts. */
  line: number;
  /** Cell texts with HTML/markdown emphasis removed and whitespace collapsed (LaTeX kept). */
  cells: string[];
  /** Whether each cell was wholly italic (`<i>Cấp tỉnh</i>`): marks a sub-level row. */
  italic: boolean[];
  /** Lines whose cells were appended to this row because the row was broken by a page break. */
  continuationLines: number[];
}

export interface RawTable {
  format: "tsv" | "pipe";
  headerLine: number;
  header: string[];
  rows: TableRow[];
}

export type DocumentBlock =
  | { type: "text"; line: number; text: string }
  | { type: "table"; table: RawTable };

/** What a header cell says the column holds. */
export type ColumnRole =
  | { role: "number" }
  | { role: "name" }
  | { role: "unitOfMeasure" }
  /** A target column; `year` when the header names it ("Mục tiêu năm 2026", "2030"). */
  | { role: "target"; year?: number }
  | { role: "baseline"; year?: number }
  /** "Kết quả" / "Sản phẩm": a target in an indicator table, the expected result in a task table. */
  | { role: "result"; year?: number }
  | { role: "lead" }
  | { role: "coordinating" }
  | { role: "monitoring" }
  | { role: "deadline" }
  | { role: "basis" }
  | { role: "sourceDocument" }
  | { role: "note" }
  | { role: "unknown" };

export type ColumnRoleName = ColumnRole["role"];

/** What one row of a table is, judged from its number and name cells. */
export type RowClass =
  /** "I", "II.", "<b>III</b>", "II. TIÊU CHÍ VỀ KHOA HỌC (9 CHỈ SỐ)", "I.2 Phát triển nguồn lực". */
  | { type: "section"; code: string; title: string; horizonYear?: number; hasValues: boolean }
  /** "Đến hết năm 2030": the rows below it aim at that year. */
  | { type: "horizon"; year: number; text: string }
  /** "1", "6.", "1.1". `number` has no trailing dot. */
  | { type: "item"; number: string; printed: string }
  /** Empty number cell and a level name ("<i>Cấp tỉnh</i>"): a split of the previous item. */
  | { type: "level"; level: string }
  /** Empty number cell and text in the name cell only ("Thực hiện theo Phụ lục I, …"). */
  | { type: "note"; text: string }
  | { type: "blank" }
  | { type: "unknown"; reason: "unreadable_number" | "unnumbered_row"; number: string };
