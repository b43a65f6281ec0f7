/**
 * The text of one cell as a reader sees it: the extraction from Word/PDF leaves HTML tags
 * (`<i>`, `<b>`, `<u>`), markdown emphasis, entities, LaTeX (`$\geq 3\%$`), full-width digits,
 * no-break and zero-width spaces, and line breaks inside cells. The domain parsers all start here
 * so that "≥ 70%", "$\geq 70\%$" and "<b>≥ 70 %</b>" mean the same thing.
 */
export function cleanCellText(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(ZERO_WIDTH, "")
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi, "")
    .replace(/&(nbsp|amp|lt|gt|ge|le|quot|apos|#\d+);/gi, decodeEntity)
    .replace(/\\(?:text|mathrm|mathbf|textbf|mbox)\s*\{([^{}]*)\}/g, "$1")
    .replace(/\\(geqslant|geq|ge|leqslant|leq|le|gt|lt|%|,|;|:|!|\s)/g, (_, cmd: string) => LATEX[cmd] ?? " ")
    .replace(/[${}]/g, "")
    .replace(/\*+|__/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

const LATEX: Record<string, string> = {
  geqslant: "≥",
  geq: "≥",
  ge: "≥",
  leqslant: "≤",
  leq: "≤",
  le: "≤",
  gt: ">",
  lt: "<",
  "%": "%",
};

const ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  ge: "≥",
  le: "≤",
  quot: '"',
  apos: "'",
};

function decodeEntity(_match: string, name: string): string {
  if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
  return ENTITIES[name.toLowerCase()] ?? " ";
}
