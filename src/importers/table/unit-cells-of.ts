import type { UnitCells } from "../types.ts";
import type { RowCells } from "./row-cells.ts";

/** The lead / coordinating / monitoring cells as written, or undefined when the row has none. */
export function unitCellsOf(cells: RowCells): UnitCells | undefined {
  const unitCells: UnitCells = {};
  for (const role of ["lead", "coordinating", "monitoring"] as const) {
    const text = cells.all(role).map((c) => c.text).join("; ");
    if (text !== "") unitCells[role] = text;
  }
  return Object.keys(unitCells).length === 0 ? undefined : unitCells;
}
