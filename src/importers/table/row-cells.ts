import type { ColumnRole, ColumnRoleName, TableRow } from "./table-types.ts";

export interface RowCells {
  /** The non-empty cells of every column with this role, left to right. */
  all(role: ColumnRoleName): { text: string; column: ColumnRole }[];
  /** The non-empty cells of this role joined by a space, or undefined when all are empty. */
  joined(role: ColumnRoleName): string | undefined;
}

/** Reads a row's cells by the role of their column rather than by position. */
export function rowCells(row: TableRow, columns: ColumnRole[]): RowCells {
  const all = (role: ColumnRoleName) =>
    columns.flatMap((column, i) => {
      const text = row.cells[i] ?? "";
      return column.role === role && text !== "" ? [{ text, column }] : [];
    });
  return {
    all,
    joined(role) {
      const texts = all(role).map((c) => c.text);
      return texts.length === 0 ? undefined : texts.join(" ");
    },
  };
}
