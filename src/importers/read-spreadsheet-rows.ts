import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";

export interface SpreadsheetRow {
  /** 1-based line (CSV) or row number (XLSX) in the file, for problem reports. */
  line: number;
  /** Cells by header, headers as written (trimmed). */
  cells: Record<string, string>;
}

/**
 * The rows of a CSV or XLSX file (first sheet) under their header row. CSV may be separated by
 * commas or semicolons (Excel in Vietnamese locale writes semicolons) and may start with a BOM.
 */
export async function readSpreadsheetRows(bytes: Uint8Array, fileName: string): Promise<SpreadsheetRow[]> {
  return /\.xlsx$/i.test(fileName) ? readXlsx(bytes) : readCsv(Buffer.from(bytes).toString("utf8"));
}

function readCsv(text: string): SpreadsheetRow[] {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const records = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: false, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const [header, ...rest] = records;
  if (!header) return [];
  const names = header.record.map((h) => h.trim());
  return rest
    .filter((r) => r.record.some((c) => c.trim() !== ""))
    .map((r) => ({ line: r.info.lines, cells: Object.fromEntries(names.map((n, i) => [n, (r.record[i] ?? "").trim()])) }));
}

async function readXlsx(bytes: Uint8Array): Promise<SpreadsheetRow[]> {
  // exceljs takes half a second to load: a CSV never pays for it.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const names: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    names[col - 1] = cellText(cell.value).trim();
  });
  const rows: SpreadsheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, string> = {};
    names.forEach((n, i) => {
      if (n) cells[n] = cellText(row.getCell(i + 1).value).trim();
    });
    if (Object.values(cells).some((v) => v !== "")) rows.push({ line: rowNumber, cells });
  });
  return rows;
}

/** Excel cells hold numbers, dates, rich text and formulas; a catalogue wants the text a person sees. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
  }
  return String(value);
}
