import { readSpreadsheetRows, type SpreadsheetRow } from "./read-spreadsheet-rows.ts";

/**
 * The rows of an uploaded list (CSV or XLSX), or the error `refuse` makes when the file is no
 * spreadsheet: "binary" (never its bytes echoed back as "columns") or "unreadable" (the reader's
 * first line). Used by the people and unit imports.
 */
export async function readUploadedRows(file: { bytes: Uint8Array; fileName: string }, refuse: (kind: "binary" | "unreadable", detail: string) => Error): Promise<SpreadsheetRow[]> {
  if (!/\.xlsx$/i.test(file.fileName) && !looksLikeText(file.bytes)) throw refuse("binary", file.fileName);
  try {
    return await readSpreadsheetRows(file.bytes, file.fileName);
  } catch (err) {
    throw refuse("unreadable", err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err));
  }
}

/** UTF-8 text without NUL bytes: what a CSV saved by Excel or a text editor is; a photo, .xls or .docx is not. */
function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
