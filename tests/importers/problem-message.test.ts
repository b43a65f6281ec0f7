import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/i18n/translator.ts";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { problemMessage } from "../../src/importers/problem-message.ts";

const plans = join(import.meta.dirname, "../../db/seed/plans");
const translator = createTranslator("vi");
const inVi = (m: Parameters<typeof translator.t>[1]) => translator.t("vi", m);
const inEn = (m: Parameters<typeof translator.t>[1]) => translator.t("en", m);

describe("importer problems in the reader's language", () => {
  it("says every problem the seeds give in Vietnamese, and in English exactly as the problem's message", async () => {
    let seen = 0;
    for (const file of readdirSync(plans).filter((f) => f.endsWith(".txt"))) {
      const catalogue = await importCatalogue({ text: readFileSync(join(plans, file), "utf8"), fileName: file });
      for (const p of catalogue.problems) {
        seen += 1;
        expect(problemMessage(inEn, p), `${file}:${p.line}`).toBe(p.message);
        expect(problemMessage(inVi, p), `${file}:${p.line}`).not.toBe(p.message);
      }
    }
    expect(seen).toBeGreaterThan(10);
  });

  it("puts a row's values into the sentence, in either language", async () => {
    const csv = "type,code,name,plan_number\nindicator,1,Tỷ lệ hồ sơ,52/KH-UBND\ntask,1,Rà soát,52/KH-UBND\nindicator,2,Chỉ tiêu con,52/KH-UBND\n";
    const catalogue = await importCatalogue({ text: csv.replace("indicator,2,Chỉ tiêu con,52/KH-UBND", "indicator,1,Trùng mã,52/KH-UBND"), fileName: "mau.csv" });
    const duplicate = catalogue.problems.find((p) => p.code === "duplicate_code")!;
    expect(problemMessage(inVi, duplicate)).toBe("code: 1 đã dùng cho một chỉ tiêu khác. Không nhập dòng này.");
    expect(problemMessage(inEn, duplicate)).toBe("code: 1 is already used by another indicator. The row was not imported.");
  });

  it("shows a problem stored before problems had keys as its English sentence", () => {
    expect(problemMessage(inVi, { message: "Row 3 has no name." })).toBe("Row 3 has no name.");
  });
});
