import type { Message } from "../chat/types.ts";
import type { Deadline, Direction, Target, ValueKind } from "../domain/types.ts";

/**
 * Why an item needs review, as stored: an importer.problem.* message; an import made before review
 * reasons were messages stored the English sentence (reviewReasonText shows either).
 */
export type ReviewReason = Message | string;

/** What an importer read from one plan document, before anything touches the database. */
export interface ImportedCatalogue {
  /** Which reader produced it: "table" (tab / pipe tables), "pdf-text", "template". */
  format: "table" | "pdf-text" | "template";
  plan: ImportedPlan;
  indicators: ImportedIndicator[];
  tasks: ImportedTask[];
  problems: ImportProblem[];
  /** Appendices ("Phụ lục I", "PHỤ LỤC 01") the tables were found under, in document order (table reader only). */
  appendices?: ImportedAppendix[];
  /**
   * The plan's tables as the document lays them out: headers, section rows and row order, so an
   * export can give the plan back in its own form. Readers that lose the header (PDF text, the
   * template) leave it out and planLayout derives one from the items.
   */
  tables?: ImportedTableLayout[];
}

export interface ImportedTableLayout {
  kind: "indicator" | "task";
  /** Appendix key ("PL1"), "" when the document has none. */
  appendix: string;
  /** The appendix heading and title, or a generic title. */
  title: string;
  /** Header cells as written. */
  headers: string[];
  /** What each column holds: "number", "name", "unitOfMeasure", "target:2026", "baseline", "lead", "result", "unknown"... */
  columns: string[];
  rows: LayoutRow[];
}

/** A section row ("I", "Tiềm lực KH&CN") or an item row (the code of an indicator or task), in document order. */
export type LayoutRow = { type: "section"; code: string; title: string } | { type: "item"; code: string };

export interface ImportedAppendix {
  /** "PL1", "PL2": the prefix used in section codes and, when needed, in item codes. */
  code: string;
  /** The heading as written ("Phụ lục II") followed by its title lines. */
  title: string;
  line: number;
}

export interface ImportedPlan {
  /** "52/KH-UBND"; may be empty when the document leaves it blank ("Số: /KH-UBND"). */
  number: string;
  /** "2026-02-06" when the document gives it. */
  date?: string;
  /** "UBND tỉnh", "Sở Khoa học và Công nghệ", "UBND tỉnh Thái Nguyên"... */
  issuer?: string;
  title?: string;
}

export interface ImportedSection {
  /** "I", "II", "PL2.III" — as written, prefixed with the appendix when a document has several. */
  code: string;
  title: string;
}

export interface ImportedTarget {
  /** Horizon year: 2025, 2026, 2030... */
  year: number;
  raw: string;
  parsed: Target;
  /** Sub-level the target applies to ("Cấp tỉnh", "Cấp xã") when the row is split. */
  level?: string;
}

export interface ImportedIndicator {
  /** Unique within the plan: "I.2", "15", "6.1". */
  code: string;
  /** Number as printed in the document ("2", "15", "6."), for people who quote it. */
  printedNumber: string;
  section?: ImportedSection;
  /** Code of the parent indicator for sub-rows (seed 004 #6: province / commune level). */
  parentCode?: string;
  name: string;
  unitOfMeasure?: string;
  valueKind: ValueKind;
  direction: Direction;
  baseline?: { raw: string; value?: number; year?: number };
  targets: ImportedTarget[];
  /**
   * Targets read from the row whose horizon could not be told (PDF text loses empty cells, and with
   * them the columns). Never given a guessed year; the indicator needs review and a person places them.
   */
  unplacedTargets?: { raw: string; parsed: Target }[];
  /** Raw unit names, already split into one name each (still raw: resolution happens later). */
  lead: string[];
  coordinating: string[];
  monitoring: string[];
  /** The unit cells as written, before splitting (page-break continuations joined): what the reviewer compares against. */
  unitCells?: UnitCells;
  deadline?: { raw: string; parsed: Deadline };
  sourceDocument?: string;
  /** The row's "Ghi chú" (note) cell, when the table has one. */
  note?: string;
  /** True when a horizon or column could not be placed with certainty. */
  needsReview: boolean;
  /** Why, each an importer.problem.* message (rendered in the reader's language, see reviewReasonText). */
  reviewReasons: Message[];
  /** 1-based line in the source file where the row starts. */
  line: number;
}

export interface ImportedTask {
  code: string;
  printedNumber: string;
  section?: ImportedSection;
  name: string;
  expectedResult?: string;
  lead: string[];
  coordinating: string[];
  /** The unit cells as written, before splitting (page-break continuations joined): what the reviewer compares against. */
  unitCells?: UnitCells;
  deadline?: { raw: string; parsed: Deadline };
  basis?: string;
  /** Units that follow and compile the task ("theo dõi, tổng hợp"), when the table has that column. */
  monitoring?: string[];
  sourceDocument?: string;
  /** The row's "Ghi chú" (note) cell, when the table has one. */
  note?: string;
  needsReview: boolean;
  reviewReasons: Message[];
  line: number;
}

export interface UnitCells {
  lead?: string;
  coordinating?: string;
  monitoring?: string;
}

export interface ImportProblem {
  line: number;
  /** "error": the row was not imported. "review": imported, but flagged for a human to check. */
  severity: "error" | "review";
  /** A short machine code ("missing_target_cell", "unparsed_target", ...) */
  code: string;
  /**
   * What was wrong and what was done, for people: the message key under "importer.problem." in
   * locales/<lang>.json with its params (problemMessage renders it in the reader's language).
   */
  key: string;
  /** A Message value (a part of the sentence) is rendered in the same language. */
  params: Record<string, string | number | Message>;
  /** The same sentence in English (locales/en.json), for logs and `--json`. */
  message: string;
  text: string;
  /**
   * A library's own words about a file it could not read ("Can't find end of central directory",
   * "Invalid PDF structure."), in English: for logs and `--json` only, never in a sentence people read.
   */
  detail?: string;
}
