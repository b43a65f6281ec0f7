import { importProblem } from "../import-problem.ts";
import type ExcelJS from "exceljs";
import type { ImportedCatalogue } from "../types.ts";
import { readTemplateRecords, type TemplateRecord } from "./read-template-records.ts";

/**
 * Reads the catalogue template saved as XLSX: the sheet named "catalogue" when there is one,
 * else the first sheet. Cells are read as the text Excel shows ("100%", "01", "≥ 70%"), so a
 * percentage typed as a number keeps its "%" (0.95 formatted "0%" → "95%"), other numbers get a
 * decimal comma (2.5 → "2,5"), and dates typed as dates become "dd/mm/yyyy".
 * Problems name the sheet's row number.
 */
export async function readTemplateXlsx(bytes: Uint8Array, opts: { planNumber?: string } = {}): Promise<ImportedCatalogue> {
  // exceljs takes half a second to load: only an .xlsx pays for it.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    return failed("invalid_xlsx", "invalid_xlsx", opts, error instanceof Error ? error.message : String(error));
  }
  const sheet = workbook.getWorksheet("catalogue") ?? workbook.worksheets[0];
  if (!sheet) return failed("no_sheet", "empty_file", opts);

  const records: TemplateRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let col = 1; col <= sheet.columnCount; col++) cells.push(cellText(row.getCell(col)));
    records.push({ line: rowNumber, cells });
  });
  const [header, ...body] = records;
  if (!header) return failed("empty_sheet", "empty_file", opts);
  return readTemplateRecords(header, body, opts);
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value instanceof Date) {
    const dd = String(value.getUTCDate()).padStart(2, "0");
    const mm = String(value.getUTCMonth() + 1).padStart(2, "0");
    return `${dd}/${mm}/${value.getUTCFullYear()}`;
  }
  if (typeof value === "number") {
    // exceljs ignores number formats in cell.text: 0.95 formatted "0%" would read as "0.95".
    const percent = typeof cell.numFmt === "string" && cell.numFmt.includes("%");
    return `${vietnameseNumber(percent ? value * 100 : value)}${percent ? "%" : ""}`;
  }
  return cell.text.trim();
}

/** 72.5 → "72,5": the decimal comma parseVnNumber expects; no thousands separator. */
function vietnameseNumber(value: number): string {
  return String(Math.round(value * 1e6) / 1e6).replace(".", ",");
}

/** `detail`: the library's words (logs, --json), never in the sentence people read. */
function failed(key: string, code: string, opts: { planNumber?: string }, detail?: string): ImportedCatalogue {
  const problem = importProblem({ line: 1, severity: "error", code, key, text: "", ...(detail === undefined ? {} : { detail }) });
  return { format: "template", plan: { number: opts.planNumber ?? "" }, indicators: [], tasks: [], problems: [problem] };
}
