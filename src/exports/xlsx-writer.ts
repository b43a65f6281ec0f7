import type { Writable } from "node:stream";
import { ZipEntry, ZipWriter } from "./zip-writer.ts";

/**
 * A small .xlsx (SpreadsheetML) writer that streams rows: each sheet's XML goes through the zip as
 * it is written; one style table for the whole workbook (a cell refers to a style by number, worked
 * out once per combination); text in a shared-strings table up to a bound (labels, unit and item
 * names repeat on every row: shared, a province-year's XML is half as long, and zlib's time with it),
 * inline beyond it, so memory stays bounded whatever free text the figures carry. It writes what
 * the exports use and no more: column widths, a frozen header, merged cells, A4 landscape print
 * setup with a repeated header row, hyperlinks, and PNG pictures anchored at a cell.
 *
 * Why not exceljs for writing: its streaming writer builds an object per cell and serialises its
 * style cell by cell (a province-year: ~1.2 million cells, most of the export's time), buffers
 * every sheet until commit, and cannot place pictures. exceljs still reads the result back in the tests.
 */

/** A cell: text, a number, a date (written as Excel's serial day, shown by a date format), a link, or empty. */
export type XlsxValue = string | number | Date | { text: string; hyperlink: string } | null | undefined;

export interface XlsxStyle {
  bold?: boolean;
  /** Font size in points (11 when absent). */
  size?: number;
  /** A solid fill, ARGB ("FFDDEBF7"). */
  fill?: string;
  /** A thin border all round. */
  border?: boolean;
  wrapText?: boolean;
  vertical?: "top" | "center";
  horizontal?: "center";
  /** An Excel number format ("#,##0", "0%", "dd/mm/yyyy hh:mm"). */
  numFmt?: string;
}

export interface XlsxSheetOptions {
  /** Column widths in characters, from column A. */
  widths: number[];
  /** Rows kept in view when scrolling (frozen above), and the last of them repeated on every printed page. */
  frozenRows?: number;
  /** A4 landscape, fitted to the page width. */
  printA4Landscape?: boolean;
  margins?: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
}

/** Number formats Excel knows by number; others get ids from 164. */
const builtInFormats: Record<string, number> = { "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10 };

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export class XlsxWorkbook {
  private readonly zip: ZipWriter;
  /** By tab position (1-based), which also numbers the sheet's part: sheet3.xml is the third tab whenever it was written. */
  private readonly sheets = new Map<number, { name: string; printTitleRow: number | null }>();
  private readonly styleIds = new Map<string, number>();
  private readonly styles: XlsxStyle[] = [{}];
  private readonly media: Uint8Array[] = [];
  private drawings = 0;
  private current: XlsxSheet | null = null;
  private readonly created: Date;
  private readonly shared = new Map<string, number>();
  private sharedChars = 0;
  private sharedRefs = 0;

  constructor(
    out: Writable,
    private readonly options: { creator?: string; created?: Date; compressionLevel?: number } = {},
  ) {
    this.created = options.created ?? new Date();
    // zlib level 3: a province-year's 35 MB of sheet XML deflates in about half the time of the
    // default 6, for a file ~10 % larger (4.1 MB instead of 3.7 MB).
    this.zip = new ZipWriter(out, options.compressionLevel ?? 3, this.created);
  }

  /** The number of a cell style, the same for the same look. */
  style(style: XlsxStyle): number {
    const key = `${style.bold ? 1 : 0}|${style.size ?? ""}|${style.fill ?? ""}|${style.border ? 1 : 0}|${style.wrapText ? 1 : 0}|${style.vertical ?? ""}|${style.horizontal ?? ""}|${style.numFmt ?? ""}`;
    let id = this.styleIds.get(key);
    if (id === undefined) {
      id = this.styles.length;
      this.styles.push({ ...style });
      this.styleIds.set(key, id);
    }
    return id;
  }

  /** @internal The shared-strings number of a text, or -1 when it is to be written inline (the table is full). */
  sharedString(text: string): number {
    let n = this.shared.get(text);
    if (n === undefined) {
      if (this.shared.size >= SHARED_MAX_STRINGS || this.sharedChars + text.length > SHARED_MAX_CHARS || text.length > SHARED_MAX_LENGTH) return -1;
      this.shared.set(text, (n = this.shared.size));
      this.sharedChars += text.length;
    }
    this.sharedRefs += 1;
    return n;
  }

  /** A PNG picture, to place with XlsxSheet.image. */
  addImage(png: Uint8Array): number {
    this.media.push(png);
    return this.media.length - 1;
  }

  /**
   * Opens a sheet (the previous one must be closed). `at` is its tab (1-based), so that a sheet can
   * be written before the tabs left of it (the exports write their flat sheet first, in one pass over
   * the read model, and the plan's tables after); absent, the first free tab. The tabs must end up 1…n.
   */
  async addSheet(name: string, options: XlsxSheetOptions, at?: number): Promise<XlsxSheet> {
    if (this.current) throw new Error(`xlsx: sheet "${name}" opened while "${this.current.name}" is open.`);
    let index = at ?? 1;
    if (at === undefined) while (this.sheets.has(index)) index += 1;
    if (!Number.isInteger(index) || index < 1 || this.sheets.has(index)) throw new Error(`xlsx: sheet "${name}" cannot take tab ${index}: taken or not a tab number.`);
    this.sheets.set(index, { name, printTitleRow: options.printA4Landscape && options.frozenRows ? options.frozenRows : null });
    const sheet = new XlsxSheet(this, name, index, this.zip.openEntry(`xl/worksheets/sheet${index}.xml`), options.widths.length);
    this.current = sheet;
    await sheet.begin(options);
    return sheet;
  }

  /** @internal Called by XlsxSheet.close: the sheet's relationships, and its drawing when it has pictures. */
  async sheetClosed(sheet: XlsxSheet, rels: string[], images: readonly PlacedImage[]): Promise<void> {
    if (images.length > 0) {
      const d = ++this.drawings;
      await this.zip.add(`xl/drawings/drawing${d}.xml`, drawingXml(images));
      const used = [...new Set(images.map((i) => i.media))];
      await this.zip.add(`xl/drawings/_rels/drawing${d}.xml.rels`, relationships(used.map((m) => relationship(`rIdImg${m}`, `${REL_NS}/image`, `../media/image${m + 1}.png`))));
      rels.push(relationship("rIdDrawing", `${REL_NS}/drawing`, `../drawings/drawing${d}.xml`));
    }
    if (rels.length > 0) await this.zip.add(`xl/worksheets/_rels/sheet${sheet.index}.xml.rels`, relationships(rels));
    this.current = null;
  }

  /** Writes the workbook's other parts and ends the output. */
  async finish(): Promise<void> {
    if (this.current) throw new Error(`xlsx: sheet "${this.current.name}" is still open.`);
    for (let i = 1; i <= this.sheets.size; i++) if (!this.sheets.has(i)) throw new Error(`xlsx: no sheet at tab ${i} of ${this.sheets.size}.`);
    const media = this.media.map((_, i) => `xl/media/image${i + 1}.png`);
    for (const [i, png] of this.media.entries()) await this.zip.add(media[i]!, png);
    await this.zip.add("xl/styles.xml", this.stylesXml());
    await this.writeSharedStrings();
    await this.zip.add("xl/workbook.xml", this.workbookXml());
    await this.zip.add(
      "xl/_rels/workbook.xml.rels",
      relationships([relationship("rIdStyles", `${REL_NS}/styles`, "styles.xml"), relationship("rIdStrings", `${REL_NS}/sharedStrings`, "sharedStrings.xml"), ...this.tabs().map((_, i) => relationship(`rIdSheet${i + 1}`, `${REL_NS}/worksheet`, `worksheets/sheet${i + 1}.xml`))]),
    );
    await this.zip.add(
      "_rels/.rels",
      relationships([
        relationship("rId1", `${REL_NS}/officeDocument`, "xl/workbook.xml"),
        relationship("rId2", `${PKG_REL_NS}/metadata/core-properties`, "docProps/core.xml"),
        relationship("rId3", `${REL_NS}/extended-properties`, "docProps/app.xml"),
      ]),
    );
    const when = this.created.toISOString().replace(/\.\d+Z$/, "Z");
    await this.zip.add(
      "docProps/core.xml",
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${escapeXml(this.options.creator ?? "")}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`,
    );
    await this.zip.add(
      "docProps/app.xml",
      `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${this.sheets.size}</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="${this.sheets.size}" baseType="lpstr">${this.tabs().map((s) => `<vt:lpstr>${escapeXml(s.name)}</vt:lpstr>`).join("")}</vt:vector></TitlesOfParts></Properties>`,
    );
    await this.zip.add(
      "[Content_Types].xml",
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${this.media.length ? '<Default Extension="png" ContentType="image/png"/>' : ""}<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${this.tabs()
        .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
        .join("")}${Array.from({ length: this.drawings }, (_, i) => `<Override PartName="/xl/drawings/drawing${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`).join("")}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
    );
    await this.zip.finish();
  }

  private async writeSharedStrings(): Promise<void> {
    const entry = this.zip.openEntry("xl/sharedStrings.xml");
    let chunk = `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${this.sharedRefs}" uniqueCount="${this.shared.size}">`;
    for (const text of this.shared.keys()) {
      chunk += `<si>${textElement(text)}</si>`;
      if (chunk.length >= CHUNK) {
        await entry.write(chunk);
        chunk = "";
      }
    }
    await entry.write(chunk + "</sst>");
    this.shared.clear();
    await entry.close();
  }

  /** The sheets in tab order. */
  private tabs(): { name: string; printTitleRow: number | null }[] {
    return [...this.sheets].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  }

  private workbookXml(): string {
    const sheets = this.tabs().map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rIdSheet${i + 1}"/>`).join("");
    const titles = this.tabs()
      .map((s, i) => (s.printTitleRow === null ? "" : `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${escapeXml(`'${s.name.replace(/'/g, "''")}'!$${s.printTitleRow}:$${s.printTitleRow}`)}</definedName>`))
      .join("");
    return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr/><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets>${titles ? `<definedNames>${titles}</definedNames>` : ""}<calcPr calcId="171027"/></workbook>`;
  }

  private stylesXml(): string {
    const numFmts = new Map<string, number>();
    const fonts = new Map<string, number>([["|", 0]]);
    const fills = new Map<string, number>([["none", 0], ["gray125", 1]]);
    const xfs = this.styles.map((s) => {
      let numFmtId = 0;
      if (s.numFmt) {
        numFmtId = builtInFormats[s.numFmt] ?? numFmts.get(s.numFmt) ?? 164 + numFmts.size;
        if (builtInFormats[s.numFmt] === undefined) numFmts.set(s.numFmt, numFmtId);
      }
      const fontKey = `${s.bold ? "b" : ""}|${s.size ?? ""}`;
      const fontId = fonts.get(fontKey) ?? fonts.set(fontKey, fonts.size).get(fontKey)!;
      const fillId = s.fill ? (fills.get(s.fill) ?? fills.set(s.fill, fills.size).get(s.fill)!) : 0;
      const borderId = s.border ? 1 : 0;
      const alignment = s.wrapText || s.vertical || s.horizontal ? `<alignment${s.horizontal ? ` horizontal="${s.horizontal}"` : ""}${s.vertical ? ` vertical="${s.vertical}"` : ""}${s.wrapText ? ' wrapText="1"' : ""}/>` : "";
      const applies = `${numFmtId ? ' applyNumberFormat="1"' : ""}${fontId ? ' applyFont="1"' : ""}${fillId ? ' applyFill="1"' : ""}${borderId ? ' applyBorder="1"' : ""}${alignment ? ' applyAlignment="1"' : ""}`;
      return `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${applies}${alignment ? `>${alignment}</xf>` : "/>"}`;
    });
    const fontXml = [...fonts.keys()].map((k) => {
      const [bold, size] = k.split("|");
      return `<font>${bold ? "<b/>" : ""}<sz val="${size || 11}"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>`;
    });
    const fillXml = [...fills.keys()].map((k) => (k === "none" || k === "gray125" ? `<fill><patternFill patternType="${k}"/></fill>` : `<fill><patternFill patternType="solid"><fgColor rgb="${k}"/><bgColor indexed="64"/></patternFill></fill>`));
    const thin = '<left style="thin"><color indexed="64"/></left><right style="thin"><color indexed="64"/></right><top style="thin"><color indexed="64"/></top><bottom style="thin"><color indexed="64"/></bottom><diagonal/>';
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
      (numFmts.size ? `<numFmts count="${numFmts.size}">${[...numFmts].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`).join("")}</numFmts>` : "") +
      `<fonts count="${fontXml.length}">${fontXml.join("")}</fonts>` +
      `<fills count="${fillXml.length}">${fillXml.join("")}</fills>` +
      `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>${thin}</border></borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${xfs.length}">${xfs.join("")}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
    );
  }
}

/** Columns A, B, … Z, AA, … */
export function columnLetters(n: number): string {
  let s = "";
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** Excel's serial day (1900 date system) of a date whose UTC fields are the wall clock to show. */
export function excelSerial(d: Date): number {
  return 25569 + d.getTime() / 86_400_000;
}

const CHUNK = 64 * 1024;
/** Bounds of the shared-strings table: past them, new texts are written inline. */
const SHARED_MAX_STRINGS = 50_000;
const SHARED_MAX_CHARS = 4_000_000;
const SHARED_MAX_LENGTH = 1_000;

/** One worksheet being written, row after row (XlsxWorkbook.addSheet). */
export class XlsxSheet {
  private buffer = "";
  private rowNumber = 0;
  private readonly letters: string[];
  private readonly merges: string[] = [];
  private readonly links: { ref: string; target: string }[] = [];
  private readonly images: PlacedImage[] = [];
  private options!: XlsxSheetOptions;

  constructor(
    private readonly workbook: XlsxWorkbook,
    readonly name: string,
    readonly index: number,
    private readonly entry: ZipEntry,
    columnCount: number,
  ) {
    this.letters = Array.from({ length: Math.max(columnCount, 1) + 1 }, (_, i) => columnLetters(i));
  }

  /** @internal */
  async begin(options: XlsxSheetOptions): Promise<void> {
    this.options = options;
    const frozen = options.frozenRows ?? 0;
    const view = frozen > 0 ? `<sheetView workbookViewId="0"><pane ySplit="${frozen}" topLeftCell="A${frozen + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${frozen + 1}" sqref="A${frozen + 1}"/></sheetView>` : '<sheetView workbookViewId="0"/>';
    const cols = options.widths.length ? `<cols>${options.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join("")}</cols>` : "";
    const head = `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${options.printA4Landscape ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : ""}<sheetViews>${view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>`;
    await this.entry.write(head);
  }

  /** Number of rows written so far. */
  get rowCount(): number {
    return this.rowNumber;
  }

  /**
   * Appends a row: values from column A, `styles` per cell (a style number for all, or one per
   * column; 0 = none), `rowStyle` for the row's empty cells beyond. An empty value with a style is
   * written (a bordered blank); without one it is left out. Returns a promise when the output is behind.
   */
  row(values: readonly XlsxValue[], styles: number | readonly number[], rowStyle = 0): Promise<void> | undefined {
    const r = ++this.rowNumber;
    const letters = this.letters;
    let xml = rowStyle ? `<row r="${r}" s="${rowStyle}" customFormat="1">` : `<row r="${r}">`;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const s = typeof styles === "number" ? styles : (styles[i] ?? 0);
      const ref = (letters[i + 1] ?? columnLetters(i + 1)) + r;
      const sAttr = s ? ` s="${s}"` : "";
      if (v === null || v === undefined || v === "") {
        if (s) xml += `<c r="${ref}"${sAttr}/>`;
      } else if (typeof v === "number") {
        xml += Number.isFinite(v) ? `<c r="${ref}"${sAttr}><v>${v}</v></c>` : s ? `<c r="${ref}"${sAttr}/>` : "";
      } else if (typeof v === "string") {
        const si = this.workbook.sharedString(v);
        xml += si >= 0 ? `<c r="${ref}"${sAttr} t="s"><v>${si}</v></c>` : `<c r="${ref}"${sAttr} t="inlineStr"><is>${textElement(v)}</is></c>`;
      } else if (v instanceof Date) {
        const serial = excelSerial(v);
        xml += Number.isFinite(serial) ? `<c r="${ref}"${sAttr}><v>${serial}</v></c>` : s ? `<c r="${ref}"${sAttr}/>` : "";
      } else {
        xml += `<c r="${ref}"${sAttr} t="inlineStr"><is>${textElement(v.text)}</is></c>`;
        this.links.push({ ref, target: v.hyperlink });
      }
    }
    this.buffer += xml + "</row>";
    if (this.buffer.length < CHUNK) return undefined;
    const chunk = this.buffer;
    this.buffer = "";
    return this.entry.write(chunk);
  }

  /** Merges a rectangle of cells (1-based, inclusive). */
  merge(fromRow: number, fromCol: number, toRow: number, toCol: number): void {
    this.merges.push(`${columnLetters(fromCol)}${fromRow}:${columnLetters(toCol)}${toRow}`);
  }

  /** Places a picture (XlsxWorkbook.addImage) with its top-left corner at a cell (0-based column and row), its size in pixels. */
  image(media: number, at: { col: number; row: number; width: number; height: number }): void {
    this.images.push({ media, ...at });
  }

  /** Ends the sheet's XML (merged cells, links, print setup, drawing) and its relationships. */
  async close(): Promise<void> {
    const o = this.options;
    let tail = "</sheetData>";
    if (this.merges.length) tail += `<mergeCells count="${this.merges.length}">${this.merges.map((m) => `<mergeCell ref="${m}"/>`).join("")}</mergeCells>`;
    if (this.links.length) tail += `<hyperlinks>${this.links.map((l, i) => `<hyperlink ref="${l.ref}" r:id="rIdLink${i + 1}"/>`).join("")}</hyperlinks>`;
    const m = o.margins ?? { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };
    tail += `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`;
    if (o.printA4Landscape) tail += '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>';
    if (this.images.length) tail += '<drawing r:id="rIdDrawing"/>';
    tail += "</worksheet>";
    const chunk = this.buffer + tail;
    this.buffer = "";
    await this.entry.write(chunk);
    await this.entry.close();
    const rels = this.links.map((l, i) => relationship(`rIdLink${i + 1}`, `${REL_NS}/hyperlink`, l.target, true));
    await this.workbook.sheetClosed(this, rels, this.images);
  }
}

interface PlacedImage {
  media: number;
  col: number;
  row: number;
  width: number;
  height: number;
}

function drawingXml(images: readonly PlacedImage[]): string {
  const EMU_PER_PIXEL = 9525;
  const anchors = images.map(
    (img, i) =>
      `<xdr:oneCellAnchor><xdr:from><xdr:col>${img.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${img.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="${Math.round(img.width * EMU_PER_PIXEL)}" cy="${Math.round(img.height * EMU_PER_PIXEL)}"/>` +
      `<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${i + 2}" name="Picture ${i + 1}"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip xmlns:r="${REL_NS}" r:embed="rIdImg${img.media}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
      `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${Math.round(img.width * EMU_PER_PIXEL)}" cy="${Math.round(img.height * EMU_PER_PIXEL)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>`,
  );
  return `${XML_HEAD}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">${anchors.join("")}</xdr:wsDr>`;
}

function relationship(id: string, type: string, target: string, external = false): string {
  return `<Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"${external ? ' TargetMode="External"' : ""}/>`;
}

function relationships(items: string[]): string {
  return `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${items.join("")}</Relationships>`;
}

// Characters XML 1.0 cannot carry at all (controls other than tab and line breaks, lone surrogates, U+FFFE/F): left out.
const INVALID_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_WORK = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** `<t>`, keeping leading and trailing spaces and line breaks as written. */
function textElement(text: string): string {
  const escaped = escapeXml(text);
  const c0 = text.charCodeAt(0);
  const cn = text.charCodeAt(text.length - 1);
  return c0 <= 32 || cn <= 32 || text.includes("\n") ? `<t xml:space="preserve">${escaped}</t>` : `<t>${escaped}</t>`;
}
