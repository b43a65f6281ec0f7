
interface TextPiece {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The text of a PDF, line by line as `pdftotext` gives it (what the pdf-text importer reads):
 * the pieces of one baseline joined left to right, gaps as runs of spaces (one per character
 * width), and a blank line where the gap between two lines is about one line or more. Blank lines
 * above a page's first line of text are not in a PDF, so they are not here either.
 */
export async function readPdfText(bytes: Uint8Array): Promise<string> {
  // pdf.js takes a second to load: only a .pdf pays for it.
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  try {
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const pieces: TextPiece[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str === "") continue;
        pieces.push({ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width, height: item.height || Math.abs(item.transform[3] as number) });
      }
      pages.push(pageLines(pieces).join("\n"));
    }
  } finally {
    await pdf.destroy();
  }
  return pages.join("\n");
}

function pageLines(pieces: TextPiece[]): string[] {
  const rows = new Map<number, TextPiece[]>();
  for (const piece of pieces) {
    const y = Math.round(piece.y);
    rows.set(y, [...(rows.get(y) ?? []), piece]);
  }
  const ys = [...rows.keys()].sort((a, b) => b - a);
  const gaps = ys.slice(1).map((y, i) => (ys[i] ?? y) - y);
  const lineGap = Math.min(...gaps, Number.POSITIVE_INFINITY);
  const charWidth = medianCharWidth(pieces);
  const spaces = (width: number) => " ".repeat(Math.max(1, Math.round(width / charWidth)));
  const left = Math.min(...pieces.map((p) => p.x));
  const lines: string[] = [];
  ys.forEach((y, i) => {
    if (i > 0 && Number.isFinite(lineGap)) {
      const blank = Math.round(((ys[i - 1] ?? y) - y) / lineGap) - 1;
      for (let b = 0; b < blank; b += 1) lines.push("");
    }
    const row = (rows.get(y) ?? []).sort((a, b) => a.x - b.x);
    let text = "";
    // Indentation from the page's left edge of text, as pdftotext keeps it.
    let end = left;
    for (const piece of row) {
      // The PDF-text importer reads wide gaps as lost columns: keep them as runs of spaces, as pdftotext does.
      if (piece.x - end > charWidth / 2) text += spaces(piece.x - end);
      text += piece.str.trim() === "" ? spaces(piece.width) : piece.str;
      end = piece.x + piece.width;
    }
    lines.push(text);
  });
  return lines;
}

/** The width of one character of the page's text, from the pieces that hold letters. */
function medianCharWidth(pieces: TextPiece[]): number {
  const widths = pieces.filter((p) => p.str.trim() !== "" && p.width > 0).map((p) => p.width / p.str.length).sort((a, b) => a - b);
  return widths[Math.floor(widths.length / 2)] ?? 5;
}
