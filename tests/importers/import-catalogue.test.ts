import { describe, expect, it } from "vitest";
import { detectCatalogueFormat } from "../../src/importers/detect-catalogue-format.ts";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { readFixture, readSeed } from "./seeds.ts";

describe("importCatalogue", () => {
  it("sends tab and pipe documents to the table reader, PDF text to the PDF-text reader", () => {
    expect(detectCatalogueFormat(readSeed("000"))).toBe("table");
    expect(detectCatalogueFormat(readSeed("002"))).toBe("table");
    expect(detectCatalogueFormat(readSeed("004"))).toBe("table");
    expect(detectCatalogueFormat({ fileName: "pipe-plan.md", text: readFixture("pipe-plan.md") })).toBe("table");
    expect(detectCatalogueFormat(readSeed("001"))).toBe("pdf-text");
  });

  it("sends .csv and .xlsx files to the template readers whatever their text", () => {
    expect(detectCatalogueFormat({ fileName: "Danh muc.CSV", text: "a\tb\tc\n1\t2\t3\n4\t5\t6\n7\t8\t9" })).toBe("template-csv");
    expect(detectCatalogueFormat({ fileName: "danh-muc.xlsx" })).toBe("template-xlsx");
  });

  it("reads seed 001 through the PDF-text reader", async () => {
    const catalogue = await importCatalogue(readSeed("001"));
    expect(catalogue.format).toBe("pdf-text");
  });

  it("decodes bytes as UTF-8 when no text is given", async () => {
    const seed = readSeed("000");
    const fromBytes = await importCatalogue({ bytes: new TextEncoder().encode(seed.text), fileName: seed.fileName });
    expect(fromBytes).toEqual(await importCatalogue(seed));
  });

  it("asks for the bytes of an .xlsx file given as text", async () => {
    const catalogue = await importCatalogue({ text: "type,code,name", fileName: "danh-muc.xlsx" });
    expect(catalogue.problems).toEqual([expect.objectContaining({ severity: "error", code: "missing_bytes" })]);
  });

  it("reports an unreadable workbook instead of throwing", async () => {
    const catalogue = await importCatalogue({ bytes: new TextEncoder().encode("not a zip"), fileName: "danh-muc.xlsx" });
    expect(catalogue.problems).toEqual([expect.objectContaining({ severity: "error", code: "invalid_xlsx" })]);
  });

  it.each([
    ["seed 000", readSeed("000")],
    ["seed 002", readSeed("002")],
    ["seed 004", readSeed("004")],
    ["pipe fixture", { text: readFixture("pipe-plan.md"), fileName: "pipe-plan.md" }],
    ["template", { text: readFixture("catalogue-template.csv"), fileName: "catalogue-template.csv" }],
  ])("yields deep-equal output when %s is imported twice", async (_name, input) => {
    const first = await importCatalogue(input);
    const second = await importCatalogue(input);
    expect(second).toEqual(first);
    expect(JSON.parse(JSON.stringify(second))).toEqual(JSON.parse(JSON.stringify(first)));
  });
});
