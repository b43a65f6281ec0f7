export type TableLine =
  | { kind: "row"; format: "tsv" | "pipe"; cells: string[] }
  /** `|---|:---:|`: the markdown line under a header. */
  | { kind: "separator" };

/**
 * Splits one source line into raw cells when it is a table line: tab-separated, or a pipe row
 * (`| a | b |`). Returns null for prose. Escaped pipes (`\|`) stay inside their cell.
 */
export function splitTableLine(line: string): TableLine | null {
  const trimmed = line.trim();
  if (trimmed.startsWith("|") && trimmed.length > 1 && trimmed.slice(1).includes("|")) {
    if (PIPE_SEPARATOR.test(trimmed)) return { kind: "separator" };
    return { kind: "row", format: "pipe", cells: splitPipeRow(trimmed) };
  }
  if (line.includes("\t")) return { kind: "row", format: "tsv", cells: line.split("\t") };
  return null;
}

const PIPE_SEPARATOR = /^\|?(\s*:?-{2,}:?\s*\|)+\s*(:?-{2,}:?\s*)?\|?$/;

function splitPipeRow(row: string): string[] {
  const inner = row.replace(/^\|/, "").replace(/(?<!\\)\|\s*$/, "");
  return inner.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, "|"));
}
