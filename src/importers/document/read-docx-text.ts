
/**
 * The text of a Word document (.docx) as the table importer reads text: each paragraph outside a
 * table on its own line, each table row on one line with its cells separated by tabs (a cell's
 * paragraphs joined by spaces). Plans arrive as Word files whose appendices are Word tables.
 */
export async function readDocxText(bytes: Uint8Array): Promise<string> {
  const { default: JSZip } = await import("jszip");
  const zip = await JSZip.loadAsync(bytes);
  const document = zip.file("word/document.xml");
  if (!document) throw new Error("word/document.xml is missing: this is not a Word document");
  return documentXmlText(await document.async("string"));
}

const TOKEN = /<w:tbl>|<w:tbl\s[^>]*>|<\/w:tbl>|<w:tr[\s>]|<\/w:tr>|<w:tc[\s>]|<\/w:tc>|<w:p[\s>]|<w:p\/>|<\/w:p>|<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g;

function documentXmlText(xml: string): string {
  const lines: string[] = [];
  let tableDepth = 0;
  let row: string[] | undefined;
  let cell: string[] | undefined;
  let paragraph = "";
  for (const match of xml.matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith("<w:tbl")) tableDepth += 1;
    else if (token === "</w:tbl>") tableDepth -= 1;
    else if (token.startsWith("<w:tr") && tableDepth === 1) row = [];
    else if (token === "</w:tr>" && tableDepth === 1) {
      if (row) lines.push(row.join("\t"));
      row = undefined;
    } else if (token.startsWith("<w:tc") && tableDepth === 1) cell = [];
    else if (token === "</w:tc>" && tableDepth === 1) {
      row?.push((cell ?? []).join(" ").replace(/\s+/g, " ").trim());
      cell = undefined;
    } else if (token.startsWith("<w:p")) {
      paragraph = "";
      if (token === "<w:p/>" && tableDepth === 0) lines.push("");
    } else if (token === "</w:p>") {
      if (tableDepth === 0) lines.push(paragraph);
      else cell?.push(paragraph);
      paragraph = "";
    } else if (token === "<w:tab/>") paragraph += tableDepth === 0 ? "\t" : " ";
    else if (token === "<w:br/>") paragraph += tableDepth === 0 ? "\n" : " ";
    else paragraph += decodeXml(match[1] ?? "");
  }
  return lines.join("\n");
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" };
    if (entity in named) return named[entity] ?? "";
    return String.fromCodePoint(entity[1] === "x" || entity[1] === "X" ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });
}
