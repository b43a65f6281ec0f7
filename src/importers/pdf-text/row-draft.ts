import type { ImportedSection } from "../types.ts";

/** What the table reader gathered for one numbered row, before it becomes an indicator. */
export interface RowDraft {
  printedNumber: string;
  line: number;
  section?: ImportedSection;
  nameParts: string[];
  nameClosed: boolean;
  values?: ValueEvidence;
  textTarget: string[];
  ownCell?: UnitCell;
  sharedCell?: UnitCell;
  state: "name" | "values" | "text_target" | "unit" | "shared_unit";
  /** Things seen while reading the row that a person should check. */
  notes: RowNote[];
}

/** A responsible-unit cell; shared by reference between the rows a merged cell spans. */
export interface UnitCell {
  parts: string[];
}

export interface ValueEvidence {
  tokens: string[];
  blankBefore: boolean;
  blankAfter: boolean | undefined;
  line: number;
  lineText: string;
}

export interface RowNote {
  line: number;
  code: string;
  /** The problem's message key under "importer.problem." and its params. */
  key: string;
  params: Record<string, string | number>;
  text: string;
}
