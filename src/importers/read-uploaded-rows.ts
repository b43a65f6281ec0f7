import { searchKey } from "../domain/search-key.ts";
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

/**
 * Which header of the first row names each column: a header matches a column when, without
 * diacritics and case ("Họ và tên" → "ho va ten"), it is one of the column's words. A header names
 * one column at most (the first that lists it); a column takes the first header that matches.
 */
export function mapHeaders<C extends string>(first: SpreadsheetRow | undefined, columnWords: Record<C, string[]>): Partial<Record<C, string>> {
  const out: Partial<Record<C, string>> = {};
  for (const header of Object.keys(first?.cells ?? {})) {
    const key = searchKey(header).replace(/_/g, " ");
    for (const [column, words] of Object.entries(columnWords) as [C, string[]][]) {
      if (!out[column] && words.includes(key)) {
        out[column] = header;
        break;
      }
    }
  }
  return out;
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
