import { importProblem } from "./import-problem.ts";
import { detectCatalogueFormat } from "./detect-catalogue-format.ts";
import { readDocxText } from "./document/read-docx-text.ts";
import { readPdfText } from "./document/read-pdf-text.ts";
import { parsePdfTextCatalogue } from "./pdf-text/parse-pdf-text-catalogue.ts";
import { readTableCatalogue } from "./table/read-table-catalogue.ts";
import { readTemplateCsv } from "./template/read-template-csv.ts";
import { readTemplateXlsx } from "./template/read-template-xlsx.ts";
import type { ImportedCatalogue } from "./types.ts";

export interface ImportCatalogueInput {
  /** The document's text; read from `bytes` as UTF-8 when absent (not for .xlsx). */
  text?: string;
  /** The file's bytes; required for .xlsx. */
  bytes?: Uint8Array;
  /** Decides the template formats by extension (.csv, .xlsx). */
  fileName: string;
  /** The plan's number when the document leaves it blank ("Số: /KH-UBND"); it wins over the document's. */
  planNumber?: string;
}

/**
 * Reads a plan's catalogue from any supported file: the hand-filled template (.csv, .xlsx),
 * a document with tab-separated or pipe tables, PDF text, a Word document (.docx: its tables
 * become tab-separated rows) or a PDF (.pdf: its text). Never throws for a bad file: what could
 * not be read is in `problems`.
 */
export async function importCatalogue(input: ImportCatalogueInput): Promise<ImportedCatalogue> {
  const opts = input.planNumber === undefined ? {} : { planNumber: input.planNumber };
  const document = /\.(docx|pdf)$/i.exec(input.fileName)?.[1]?.toLowerCase();
  let text = input.text;
  if (document && input.bytes && text === undefined) {
    try {
      text = document === "docx" ? await readDocxText(input.bytes) : await readPdfText(input.bytes);
    } catch (err) {
      // The library's words stay in `detail` (logs, --json); people read why in their language.
      const detail = err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err);
      const locked = err instanceof Error && err.name === "PasswordException";
      const key = `unreadable_${document}${locked ? "_password" : ""}`;
      const problem = importProblem({ line: 1, severity: "error", code: "unreadable_document", key, params: { file: input.fileName }, text: "", detail });
      return { format: "table", plan: { number: input.planNumber ?? "" }, indicators: [], tasks: [], problems: [problem] };
    }
  }
  text ??= input.bytes ? new TextDecoder("utf-8").decode(input.bytes) : undefined;
  const format = detectCatalogueFormat({ fileName: input.fileName, ...(text === undefined ? {} : { text }) });
  switch (format) {
    case "template-xlsx":
      if (!input.bytes) {
        return {
          format: "template",
          plan: { number: input.planNumber ?? "" },
          indicators: [],
          tasks: [],
          problems: [importProblem({ line: 1, severity: "error", code: "missing_bytes", params: { file: input.fileName }, text: "" })],
        };
      }
      return readTemplateXlsx(input.bytes, opts);
    case "template-csv":
      return readTemplateCsv(text ?? "", opts);
    case "table":
      return readTableCatalogue(text ?? "", opts);
    case "pdf-text":
      return parsePdfTextCatalogue(text ?? "", opts);
  }
}
