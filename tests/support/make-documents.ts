import JSZip from "jszip";

/**
 * A minimal Word document made from a plan's text: lines with tabs become the rows of Word
 * tables (one cell per tab-separated value), every other line a paragraph — a plan as it
 * arrives by mail, for the .docx importer's tests.
 */
export async function docxFromText(text: string): Promise<Uint8Array> {
  const body: string[] = [];
  let table: string[] = [];
  const flush = () => {
    if (table.length) body.push(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>${table.join("")}</w:tbl>`);
    table = [];
  };
  for (const line of text.split("\n")) {
    if (line.includes("\t")) {
      table.push(`<w:tr>${line.split("\t").map((cell) => `<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>${paragraph(cell)}</w:tc>`).join("")}</w:tr>`);
    } else {
      flush();
      body.push(paragraph(line));
    }
  }
  flush();
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body.join("")}<w:sectPr/></w:body></w:document>`,
  );
  return zip.generateAsync({ type: "uint8array" });
}

function paragraph(text: string): string {
  if (text === "") return "<w:p/>";
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<w:p><w:r><w:t xml:space="preserve">${escaped}</w:t></w:r></w:p>`;
}

/**
 * A PDF written by hand whose one (tall) page holds the given text, one line per text line, in
 * a Type0 font with Identity-H codes equal to the Unicode code points and a ToUnicode map, so
 * Vietnamese letters come back out as text: a plan "printed to PDF", for the .pdf importer's tests.
 */
export function pdfFromText(text: string): Uint8Array {
  const lines = text.split("\n");
  const pages = [lines];
  const height = lines.length * 12 + 80;
  const highBytes = [...new Set([...text].map((c) => (c.codePointAt(0) ?? 0) >> 8))].filter((b) => b <= 0xff).sort((a, b) => a - b);
  const hex2 = (n: number) => n.toString(16).padStart(2, "0").toUpperCase();
  const cmap = [
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def",
    "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    `${highBytes.length} beginbfrange`,
    ...highBytes.map((b) => `<${hex2(b)}00> <${hex2(b)}FF> <${hex2(b)}00>`),
    "endbfrange endcmap CMapName currentdict /CMap defineresource pop end end",
  ].join("\n");

  const objects: string[] = [];
  const add = (body: string) => objects.push(body) - 1 + 1;
  const stream = (content: string) => `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`;
  const catalog = add("");
  const pagesObj = add("");
  const descriptor = add("<< /Type /FontDescriptor /FontName /Arial /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>");
  const cidFont = add(`<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 500 >>`);
  const toUnicode = add(stream(cmap));
  const font = add(`<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`);
  const pageIds: number[] = [];
  for (const pageLines of pages) {
    const ops = pageLines.map((line) => `${line === "" ? "" : `<${[...line].map((c) => (c.codePointAt(0) ?? 32).toString(16).padStart(4, "0")).join("")}> Tj `}T*`);
    const content = add(stream(`BT /F1 10 Tf 12 TL 40 ${height - 40} Td\n${ops.join("\n")}\nET`));
    pageIds.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 ${height}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`;

  let pdf = "%PDF-1.7\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, "latin1"));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, "latin1"));
}
