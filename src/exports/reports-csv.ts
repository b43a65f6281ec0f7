import type { Writable } from "node:stream";
import type { StatusRow } from "../services/reporting-status.ts";
import type { ExportLabels } from "./export-labels.ts";
import { flatColumns, type CellValue, type FlatContext } from "./flat-columns.ts";

/**
 * The flat sheet as CSV, from the read model's rows a chunk at a time (RFC 4180, UTF-8 with a byte-order mark so Excel reads the diacritics):
 * numbers with a dot, dates as "YYYY-MM-DD HH:mm" Vietnamese time, for any tool to read back.
 */
export async function writeReportsCsv(chunks: AsyncIterable<readonly StatusRow[]> | Iterable<readonly StatusRow[]>, ctx: FlatContext, out: Writable): Promise<void> {
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve())));
  await write("\uFEFF" + flatColumns.map((c) => csvCell(ctx.label(`flat.${c.key}`))).join(",") + "\r\n");
  let text = "";
  for await (const rows of chunks) {
    for (const r of rows) {
      text += flatColumns.map((c) => csvCell(c.value(r, ctx))).join(",") + "\r\n";
      if (text.length > 64_000) {
        await write(text);
        text = "";
      }
    }
  }
  if (text) await write(text);
}

export function csvCell(v: CellValue): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  // The export's dates are already shifted to read as Vietnamese wall-clock time.
  const text = v instanceof Date ? v.toISOString().slice(0, 16).replace("T", " ") : typeof v === "object" ? v.text : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
