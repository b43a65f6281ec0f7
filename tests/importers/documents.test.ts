import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readPdfText } from "../../src/importers/document/read-pdf-text.ts";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { docxFromText, pdfFromText } from "../support/make-documents.ts";

const seed = (name: string) => readFileSync(new URL(`../../db/seed/plans/${name}`, import.meta.url), "utf8");

describe("plans that arrive as Word or PDF files", () => {
  it.each(["000_de3e58c86f8da385.txt", "002_38904106135b1d27.txt", "004_c4fb2f6b96d432ca.txt"])(
    "reads seed %s from a .docx whose tables are Word tables: the same plan, items and problems as its text",
    async (name) => {
      const text = seed(name);
      const fromText = await importCatalogue({ text, fileName: "plan.txt" });
      const fromDocx = await importCatalogue({ bytes: await docxFromText(text), fileName: "plan.docx" });
      expect(fromText.indicators.length + fromText.tasks.length).toBeGreaterThan(0);
      expect(fromDocx).toEqual(fromText);
    },
  );

  it("reads seed 001 from a .pdf whose table is text: the same items as its text, and exactly what the text's lines give", async () => {
    // A PDF keeps no blank lines above its first line of text or below its last, and no spaces at the end of a line.
    const text = seed("001_8750eb6a39ed0c07.txt").replace(/^(\s*\n)+/, "");
    const pdf = pdfFromText(text);
    const printed = text.split("\n").map((l) => l.trimEnd()).join("\n").trimEnd();
    expect(await readPdfText(pdf)).toBe(printed);
    const fromPdf = await importCatalogue({ bytes: pdf, fileName: "plan.pdf" });
    expect(fromPdf).toEqual(await importCatalogue({ text: printed, fileName: "plan.txt" }));
    const fromText = await importCatalogue({ text, fileName: "plan.txt" });
    const items = (c: typeof fromText) => [...c.indicators, ...c.tasks].map((i) => [i.code, i.name, i.lead]);
    expect(items(fromPdf)).toEqual(items(fromText));
    expect(fromPdf.plan).toEqual(fromText.plan);
  });

  it("says a file is no Word document instead of throwing", async () => {
    const catalogue = await importCatalogue({ bytes: new TextEncoder().encode("không phải Word"), fileName: "plan.docx" });
    expect(catalogue.indicators).toEqual([]);
    expect(catalogue.problems).toEqual([expect.objectContaining({ severity: "error", code: "unreadable_document", message: expect.stringContaining("plan.docx") })]);
  });
  it("leaves the engine's own Array push, JSON.parse and Function toString to the rest of the service once a PDF was read (pdfjs' polyfills would slow every request)", () => {
    // A fresh process: the test runner's own may have loaded pdfjs before.
    const script = `
      const own = [Array.prototype.push, JSON.parse, Function.prototype.toString];
      const { readPdfText } = await import(${JSON.stringify(fileURLToPath(new URL("../../src/importers/document/read-pdf-text.ts", import.meta.url)))});
      const { pdfFromText } = await import(${JSON.stringify(fileURLToPath(new URL("../support/make-documents.ts", import.meta.url)))});
      const text = await readPdfText(pdfFromText("Kế hoạch số 01/KH-UBND"));
      const after = [Array.prototype.push, JSON.parse, Function.prototype.toString];
      console.log(JSON.stringify({ text, same: own.map((f, i) => f === after[i]) }));`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(out.trim().split("\n").at(-1)!)).toEqual({ text: "Kế hoạch số 01/KH-UBND", same: [true, true, true] });
  });
});
