import { importProblem } from "../import-problem.ts";
import { parse } from "csv-parse/sync";
import type { ImportedCatalogue } from "../types.ts";
import { readTemplateRecords, type TemplateRecord } from "./read-template-records.ts";

/**
 * Reads the catalogue template saved as CSV (UTF-8, with or without BOM; "," or ";" as Excel
 * writes it in Vietnamese locales). Problems name the line where the record starts, counting
 * lines inside quoted multi-line cells.
 */
export function readTemplateCsv(text: string, opts: { planNumber?: string } = {}): ImportedCatalogue {
  let rows: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const line = typeof error === "object" && error !== null && "lines" in error && typeof error.lines === "number" ? error.lines : 1;
    return {
      format: "template",
      plan: { number: opts.planNumber ?? "" },
      indicators: [],
      tasks: [],
      problems: [importProblem({ line, severity: "error", code: "invalid_csv", params: { why: { key: `importer.problem.csv_why.${csvWhy(error)}`, params: { line } } }, text: "", detail: error instanceof Error ? error.message : String(error) })],
    };
  }
  const records: TemplateRecord[] = rows.map((r) => ({ line: startLine(r.info.lines, r.raw), cells: r.record }));
  const [header, ...body] = records;
  if (!header) {
    return { format: "template", plan: { number: opts.planNumber ?? "" }, indicators: [], tasks: [], problems: [importProblem({ line: 1, severity: "error", code: "empty_file", text: "" })] };
  }
  return readTemplateRecords(header, body, opts);
}

/** What csv-parse refused, as a key of importer.problem.csv_why (its own message is English). */
function csvWhy(error: unknown): "quote_not_closed" | "bad_quote" | "other" {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  if (code === "CSV_QUOTE_NOT_CLOSED") return "quote_not_closed";
  if (code === "CSV_INVALID_CLOSING_QUOTE" || code === "INVALID_OPENING_QUOTE" || code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE") return "bad_quote";
  return "other";
}

/** Excel in a Vietnamese locale saves CSV with ";"; the header line tells which one was used. */
function detectDelimiter(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
}

/** info.lines is where the record ends; blank lines before it and breaks inside quotes come off. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^(?:\r?\n)+/, "").replace(/\r?\n$/, "");
  return endLine - (body.match(/\n/g)?.length ?? 0);
}
