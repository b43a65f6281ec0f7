import type ExcelJS from "exceljs";
import type { CellValue, ColumnKind } from "./flat-columns.ts";

/** Vietnamese display formats: the reader's Excel shows "1.500" and "72,5" with its locale's separators. */
export const numberFormats = {
  integer: "#,##0",
  decimal: "#,##0.0##",
  percentOfWhole: "0%",
  date: "dd/mm/yyyy hh:mm",
} as const;

export interface SheetColumn {
  header: string;
  kind: ColumnKind;
  /** Widest allowed, in characters; long text wraps. */
  maxWidth?: number;
}

/**
 * Opens a worksheet of the streamed workbook: a title row across every column, the header row
 * below it frozen, widths that fit the content (worked out from the rows before they are
 * streamed), printable on A4 landscape fitted to the page width.
 */
export type AnyWorkbook = ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter;

/** Ends a sheet: a streamed sheet is flushed; an in-memory one has nothing to do. */
export function commitSheet(sheet: ExcelJS.Worksheet): void {
  (sheet as ExcelJS.Worksheet & { commit?: () => void }).commit?.();
}

export function openSheet(workbook: AnyWorkbook, name: string, title: string, columns: SheetColumn[], sample: Iterable<CellValue[]>): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: "frozen", ySplit: 2, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "2:2", margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } },
  });
  const widths = columns.map((c) => Math.min(c.maxWidth ?? 40, Math.max(8, longestWord(c.header) + 2)));
  let seen = 0;
  for (const row of sample) {
    row.forEach((v, i) => {
      const w = Math.min(columns[i]?.maxWidth ?? 40, displayLength(v) + 2);
      if (w > widths[i]!) widths[i] = w;
    });
    if (++seen >= 2000) break;
  }
  sheet.columns = widths.map((width) => ({ width }));
  const titleRow = sheet.addRow([title]);
  titleRow.font = { bold: true, size: 13 };
  sheet.mergeCells(1, 1, 1, Math.max(1, columns.length));
  titleRow.commit();
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
    cell.border = thin;
  });
  header.commit();
  return sheet;
}

/**
 * Writes one plain data row, with only the number and date formats its cells need, and commits it:
 * for the flat sheet's tens of thousands of rows, where per-cell borders and wrapping cost seconds.
 */
export function writePlainRow(sheet: ExcelJS.Worksheet, columns: SheetColumn[], values: CellValue[]): void {
  const row = sheet.addRow(values);
  for (let i = 0; i < values.length; i++) {
    const numFmt = numFmtOf(values[i]!, columns[i]);
    if (numFmt) row.getCell(i + 1).style = sharedStyle({ numFmt });
  }
  row.commit();
}

/** Writes one data row with borders, wrapping, its number and date formats, and commits it (streamed: memory stays flat). */
export function writeRow(sheet: ExcelJS.Worksheet, columns: SheetColumn[], values: CellValue[], style: { bold?: boolean; fill?: string } = {}): void {
  const row = sheet.addRow(values.map((v) => (v === "" ? null : v)));
  values.forEach((v, i) => {
    const numFmt = numFmtOf(v, columns[i]);
    row.getCell(i + 1).style = sharedStyle({ wrapText: columns[i]?.kind === "text", ...(style.fill ? { fill: style.fill } : {}), ...(numFmt ? { numFmt } : {}), ...(style.bold ? { bold: true } : {}) });
  });
  row.commit();
}

function numFmtOf(v: CellValue, column: SheetColumn | undefined): string | undefined {
  if (typeof v === "number") return column?.kind === "count" || Number.isInteger(v) ? numberFormats.integer : numberFormats.decimal;
  if (v instanceof Date) return numberFormats.date;
  return undefined;
}

/**
 * One style object per combination, shared by every cell that has it. exceljs remembers the style
 * id of a style object it has seen (a WeakMap in its styles writer), but setting cell.numFmt or
 * cell.border gives each cell a style object of its own, serialised and looked up cell by cell:
 * for a province-year (~100,000 rows) that was about 40 % of the workbook's time. Never change one.
 */
function sharedStyle(key: { wrapText?: boolean; fill?: string; numFmt?: string; bold?: boolean }): Partial<ExcelJS.Style> {
  const id = `${key.wrapText === undefined ? "plain" : key.wrapText ? "wrap" : "top"}|${key.fill ?? ""}|${key.numFmt ?? ""}|${key.bold ? "b" : ""}`;
  let style = sharedStyles.get(id);
  if (!style) {
    style = key.wrapText === undefined ? {} : { border: thin, alignment: { vertical: "top", wrapText: key.wrapText } };
    if (key.fill) style.fill = { type: "pattern", pattern: "solid", fgColor: { argb: key.fill } };
    if (key.numFmt) style.numFmt = key.numFmt;
    if (key.bold) style.font = { bold: true };
    sharedStyles.set(id, style);
  }
  return style;
}

const sharedStyles = new Map<string, Partial<ExcelJS.Style>>();

const thin = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } } as const satisfies Partial<ExcelJS.Borders>;

function displayLength(v: CellValue): number {
  if (v === null) return 0;
  if (v instanceof Date) return 16;
  if (typeof v === "number") return String(v).length + 2;
  return v.length;
}

function longestWord(text: string): number {
  return Math.max(...text.split(/\s+/).map((w) => w.length), 4);
}
