import { PassThrough, Writable } from "node:stream";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { XlsxWorkbook } from "../../src/exports/xlsx-writer.ts";

/** Everything written to a stream, once it ends. */
function collect(out: PassThrough): Promise<Buffer> {
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    out.on("end", () => resolve(Buffer.concat(chunks)));
    out.on("error", reject);
  });
}

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  image.data.fill(200);
  return PNG.sync.write(image);
}

describe("the xlsx writer", () => {
  it("writes texts, numbers, dates, links and blanks that exceljs reads back as written, past the shared-strings bound", async () => {
    const out = new PassThrough();
    const bytes = collect(out);
    const wb = new XlsxWorkbook(out, { creator: "chitieu" });
    const sheet = await wb.addSheet("Dữ liệu & 'thử' <1>", { widths: [12, 30, 14, 18], frozenRows: 2, printA4Landscape: true });
    const text = wb.style({ border: true, wrapText: true, vertical: "top" });
    const integer = wb.style({ numFmt: "#,##0" });
    const decimal = wb.style({ numFmt: "#,##0.0##" });
    const date = wb.style({ numFmt: "dd/mm/yyyy hh:mm" });
    await sheet.row(["Tiêu đề"], wb.style({ bold: true, size: 13 }));
    sheet.merge(1, 1, 1, 4);
    await sheet.row(["A", "B", "C", "D"], wb.style({ bold: true }));
    const special = [" đầu có dấu cách", "a & b < c > d \"e\" 'f'", "hai\ndòng", "ký tự\u0001 điều khiển", "Đạt 😀", "=1+1"];
    const when = new Date(Date.UTC(2026, 10, 20, 9, 30));
    const rows: [string, number, Date | null, { text: string; hyperlink: string } | null][] = [];
    // 60,000 distinct texts: more than the shared-strings table takes, the rest are written inline.
    for (let i = 0; i < 60_000; i++) rows.push([i < special.length ? special[i]! : `Chỉ tiêu số ${i}`, i % 3 === 0 ? i : i / 8, i % 5 === 0 ? null : new Date(when.getTime() + i * 60_000), i === 7 ? { text: "minh-chung.pdf", hyperlink: "https://x.vn/api/reports/7/revisions?a=1&b=2" } : null]);
    for (const r of rows) await sheet.row(r, [text, Number.isInteger(r[1]) ? integer : decimal, date, 0]);
    await sheet.close();
    const image = wb.addImage(png(40, 30));
    const second = await wb.addSheet("Tổng hợp", { widths: [10] });
    await second.row([1, -2.5, 0], 0);
    second.image(image, { col: 3, row: 1, width: 40, height: 30 });
    await second.close();
    await wb.finish();

    const zip = await JSZip.loadAsync(await bytes, { checkCRC32: true });
    expect(Object.keys(zip.files)).toContain("xl/sharedStrings.xml");
    const book = await readBack(await bytes);
    expect(book.creator).toBe("chitieu");
    const ws = book.getWorksheet("Dữ liệu & 'thử' <1>")!;
    expect(ws.rowCount).toBe(rows.length + 2);
    expect(ws.getCell("A1").value).toBe("Tiêu đề");
    expect(ws.getCell("D1").isMerged).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(ws.pageSetup).toMatchObject({ orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "2:2" });
    expect(ws.columns.map((c) => c.width)).toEqual([12, 30, 14, 18]);
    rows.forEach(([name, n, d, link], i) => {
      const row = ws.getRow(3 + i);
      expect(row.getCell(1).value).toBe(name.replace("\u0001", ""));
      expect(row.getCell(2).value).toBe(n);
      expect(row.getCell(2).numFmt).toBe(Number.isInteger(n) ? "#,##0" : "#,##0.0##");
      if (d) {
        expect(row.getCell(3).value).toEqual(d);
        expect(row.getCell(3).numFmt).toBe("dd/mm/yyyy hh:mm");
      } else expect(row.getCell(3).value).toBeNull();
      expect(row.getCell(4).value).toEqual(link);
    });
    expect(ws.getCell("A3").border).toMatchObject({ top: { style: "thin" }, bottom: { style: "thin" } });
    expect(ws.getCell("A3").alignment).toMatchObject({ wrapText: true, vertical: "top" });
    const summary = book.getWorksheet("Tổng hợp")!;
    expect((summary.getRow(1).values as unknown[]).slice(1)).toEqual([1, -2.5, 0]);
    const images = summary.getImages();
    expect(images).toHaveLength(1);
    const picture = PNG.sync.read(book.getImage(Number(images[0]!.imageId)).buffer as unknown as Buffer);
    expect([picture.width, picture.height]).toEqual([40, 30]);
    expect(images[0]!.range.tl).toMatchObject({ nativeCol: 3, nativeRow: 1 });
  }, 120_000);

  it("waits for a slow output, and still writes every row", async () => {
    const chunks: Buffer[] = [];
    let writes = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        writes += 1;
        setTimeout(done, writes % 50 === 0 ? 1 : 0);
      },
    });
    const ended = new Promise<void>((resolve) => slow.on("finish", () => resolve()));
    const wb = new XlsxWorkbook(slow);
    const sheet = await wb.addSheet("A", { widths: [10, 10] });
    for (let i = 0; i < 20_000; i++) {
      const behind = sheet.row([`Đơn vị ${i % 40}`, i], 0);
      if (behind) await behind;
    }
    await sheet.close();
    await wb.finish();
    await ended;
    const ws = (await readBack(Buffer.concat(chunks))).getWorksheet("A")!;
    expect(ws.rowCount).toBe(20_000);
    for (let i = 0; i < 20_000; i += 997) expect((ws.getRow(i + 1).values as unknown[]).slice(1)).toEqual([`Đơn vị ${i % 40}`, i]);
  }, 120_000);

  it("stops with an error, instead of waiting for ever, when the output is gone", async () => {
    const out = new Writable({ highWaterMark: 16, write: () => undefined }); // never takes a chunk
    const wb = new XlsxWorkbook(out);
    const sheet = await wb.addSheet("A", { widths: [10] }).catch((e: unknown) => e);
    const run = (async () => {
      if (sheet instanceof Error) throw sheet;
      const s = sheet as Awaited<ReturnType<typeof wb.addSheet>>;
      for (let i = 0; i < 100_000; i++) await s.row([`dòng ${i} ${"x".repeat(50)}`], 0);
      await s.close();
      await wb.finish();
    })();
    setTimeout(() => out.destroy(), 50);
    await expect(run).rejects.toThrow();
  }, 30_000);
});
