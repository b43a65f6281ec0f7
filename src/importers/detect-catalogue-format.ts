export type CatalogueFormat = "template-csv" | "template-xlsx" | "table" | "pdf-text";

/**
 * Which reader a file needs: the template by its extension (.csv, .xlsx); otherwise the text
 * decides — three or more tab-separated rows (each with two filled cells) or pipe rows make a
 * table document, anything else is PDF text whose cells are spread over lines (seed 001).
 */
export function detectCatalogueFormat(input: { fileName: string; text?: string }): CatalogueFormat {
  const name = input.fileName.toLowerCase();
  if (name.endsWith(".xlsx")) return "template-xlsx";
  if (name.endsWith(".csv")) return "template-csv";
  const lines = (input.text ?? "").split(/\r?\n/);
  const tabRows = lines.filter((l) => l.includes("\t") && l.split("\t").filter((c) => c.trim() !== "").length >= 2).length;
  const pipeRows = lines.filter((l) => /^\s*\|.*\|\s*$/.test(l) && l.split("|").length >= 4).length;
  return tabRows >= 3 || pipeRows >= 3 ? "table" : "pdf-text";
}
