import type { ImportedIndicator, ImportedTask } from "../types.ts";

/**
 * An indicator or task as read from its row, before codes are given: codes depend on how the
 * whole document numbers its rows (see assign-codes.ts).
 */
export type ItemDraft = DraftPosition & ({ kind: "indicator"; item: ImportedIndicator } | { kind: "task"; item: ImportedTask });

export interface DraftPosition {
  /** Key of the appendix the row is in ("PL2"); "PL0" before any appendix heading. */
  appendix: string;
  /** The section code as written ("I", "I.2"), without the appendix. */
  sectionCode?: string;
  /** The item number without its trailing dot ("1", "1.1"); "" for a sub-level row. */
  number: string;
  /** The item a sub-item ("1.1" under "1") or a sub-level row ("Cấp tỉnh" under "6.") belongs to. */
  parent?: ItemDraft;
  /** 1-based position of a sub-level row under its parent. */
  levelIndex?: number;
}
