import type { CellValue, ColumnKind } from "./flat-columns.ts";
import type { XlsxSheet, XlsxStyle, XlsxWorkbook } from "./xlsx-writer.ts";

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
 * How a data row looks:
 * - "plain": number and date formats only (the flat sheet's tens of thousands of rows, for pivot tables);
 * - "grid": thin borders, top-aligned, text columns wrapped (the plan's tables, Nhiệm vụ);
 * - "section": a grid row in bold on grey (a section row of the plan: I, II, III…);
 * - "box" / "boxTotal": thin borders only, and the total line in bold (Tổng hợp).
 */
export type RowLook = "plain" | "grid" | "section" | "box" | "boxTotal";

const looks: Record<RowLook, (kind: ColumnKind) => XlsxStyle> = {
  plain: () => ({}),
  grid: (kind) => ({ border: true, vertical: "top", wrapText: kind === "text" }),
  section: (kind) => ({ border: true, vertical: "top", wrapText: kind === "text", bold: true, fill: "FFF2F2F2" }),
  box: () => ({ border: true }),
  boxTotal: () => ({ border: true, bold: true }),
};

/** The number format a value takes in a column of a kind; index into FORMATS. */
const FORMATS = [undefined, numberFormats.integer, numberFormats.decimal, numberFormats.date, numberFormats.percentOfWhole] as const;
function formatOf(v: CellValue, kind: ColumnKind | undefined): number {
  if (typeof v === "number") return kind === "ratio" ? 4 : kind === "count" || Number.isInteger(v) ? 1 : 2;
  return v instanceof Date ? 3 : 0;
}

/**
 * A worksheet of an export: a title row across every column, the header row below it frozen,
 * widths that fit the content (worked out from `sample`, the first rows, before anything is
 * streamed), printable on A4 landscape fitted to the page width with the header on every page.
 * `at`: its tab, when it is written before the tabs left of it (XlsxWorkbook.addSheet).
 */
export async function openSheet(workbook: XlsxWorkbook, name: string, title: string, columns: SheetColumn[], sample: Iterable<readonly CellValue[]>, at?: number): Promise<TableSheet> {
  const widths = columns.map((c) => Math.min(c.maxWidth ?? 40, Math.max(8, longestWord(c.header) + 2)));
  let seen = 0;
  for (const row of sample) {
    row.forEach((v, i) => {
      const w = Math.min(columns[i]?.maxWidth ?? 40, displayLength(v) + 2);
      if (w > widths[i]!) widths[i] = w;
    });
    if (++seen >= SAMPLE_ROWS) break;
  }
  const sheet = await workbook.addSheet(name, {
    widths,
    frozenRows: 2,
    printA4Landscape: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  }, at);
  const n = Math.max(1, columns.length);
  const titleStyle = workbook.style({ bold: true, size: 13 });
  await sheet.row([title, ...Array<null>(n - 1).fill(null)], titleStyle, titleStyle);
  sheet.merge(1, 1, 1, n);
  const headerStyle = workbook.style({ bold: true, wrapText: true, vertical: "center", horizontal: "center", fill: "FFDDEBF7", border: true });
  await sheet.row(
    columns.map((c) => c.header),
    headerStyle,
    workbook.style({ bold: true, wrapText: true, vertical: "center", horizontal: "center" }),
  );
  return new TableSheet(workbook, sheet, columns);
}

/** How many rows at most the column widths are worked out from. */
export const SAMPLE_ROWS = 2000;

/** A sheet's data rows, each cell styled by its row's look, its column's kind and its value's number format. */
export class TableSheet {
  private readonly styleIds = new Map<RowLook, number[][]>();
  private readonly rowStyles = new Map<RowLook, number>();
  private readonly styles: number[];

  constructor(
    private readonly workbook: XlsxWorkbook,
    readonly sheet: XlsxSheet,
    private readonly columns: readonly SheetColumn[],
  ) {
    this.styles = new Array<number>(columns.length).fill(0);
  }

  /** Writes one data row; a promise to await when the output is behind (memory stays flat). */
  write(values: readonly CellValue[], look: RowLook = "grid"): Promise<void> | undefined {
    let ids = this.styleIds.get(look);
    if (!ids) this.styleIds.set(look, (ids = this.columns.map(() => [])));
    const styles = this.styles;
    for (let i = 0; i < values.length; i++) {
      const kind = this.columns[i]?.kind;
      const f = formatOf(values[i]!, kind);
      const byFormat = ids[i] ?? (ids[i] = []);
      let id = byFormat[f];
      if (id === undefined) {
        const base = looks[look](kind ?? "text");
        const numFmt = FORMATS[f];
        id = byFormat[f] = Object.keys(base).length || numFmt ? this.workbook.style({ ...base, ...(numFmt ? { numFmt } : {}) }) : 0;
      }
      styles[i] = id;
    }
    styles.length = values.length;
    let rowStyle = this.rowStyles.get(look);
    if (rowStyle === undefined) this.rowStyles.set(look, (rowStyle = look === "boxTotal" ? this.workbook.style({ bold: true }) : 0));
    return this.sheet.row(values, styles, rowStyle);
  }

  close(): Promise<void> {
    return this.sheet.close();
  }
}

function displayLength(v: CellValue): number {
  if (v === null) return 0;
  if (v instanceof Date) return 16;
  if (typeof v === "number") return String(v).length + 2;
  if (typeof v === "object") return v.text.length;
  return v.length;
}

function longestWord(text: string): number {
  return Math.max(...text.split(/\s+/).map((w) => w.length), 4);
}
