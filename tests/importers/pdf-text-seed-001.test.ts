import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePdfTextCatalogue } from "../../src/importers/pdf-text/parse-pdf-text-catalogue.ts";
import type { ImportedCatalogue, ImportedIndicator } from "../../src/importers/types.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { reviewReasonText } from "../../src/importers/problem-message.ts";

/** An indicator's review reasons as a Vietnamese and an English reader see them. */
const reasons = (i: ImportedIndicator, locale: "vi" | "en" = "en") => i.reviewReasons.map((r) => reviewReasonText((m) => translator.t(locale, m), r)).join(" ");
const translator = createTranslator("vi");

// The copy of the seeds the repo ships (db/seed/plans; see tests/services/seed-copy.test.ts).
const seedPath = fileURLToPath(new URL("../../db/seed/plans/001_8750eb6a39ed0c07.txt", import.meta.url));

let seedText: string;
let catalogue: ImportedCatalogue;

beforeAll(() => {
  seedText = readFileSync(seedPath, "utf8");
  catalogue = parsePdfTextCatalogue(seedText);
});

function indicator(code: string): ImportedIndicator {
  const found = catalogue.indicators.find((i) => i.code === code);
  if (!found) throw new Error(`indicator ${code} was not imported`);
  return found;
}

/** year → [raw, parsed kind] for compact assertions. */
function targetsOf(code: string): Record<number, [string, string]> {
  return Object.fromEntries(indicator(code).targets.map((t) => [t.year, [t.raw, t.parsed.kind]]));
}

const FLAGGED = ["1", "2", "3", "4", "7", "8", "9", "12", "18", "22", "24", "26", "29", "37", "39", "40", "41", "42", "43", "44", "45", "46", "47", "48", "50", "51"];

describe("seed 001 — Appendix 01 of Plan 30/KH-SKHCN read from PDF text", () => {
  it("reads the plan reference despite the stray spaces in '30 /KH-SKHCN ngày 20 /9/2025'", () => {
    expect(catalogue.format).toBe("pdf-text");
    expect(catalogue.plan.number).toBe("30/KH-SKHCN");
    expect(catalogue.plan.date).toBe("2025-09-20");
    expect(catalogue.plan.issuer).toBe("Sở Khoa học và Công nghệ");
    expect(catalogue.plan.title).toMatch(/^PHÂN CÔNG NHIỆM VỤ CÁC PHÒNG, ĐƠN VỊ THAM MƯU CHỦ TRÌ/);
  });

  it("lets the caller's plan number win and says so when it differs", () => {
    const other = parsePdfTextCatalogue(seedText, { planNumber: "31/KH-SKHCN" });
    expect(other.plan.number).toBe("31/KH-SKHCN");
    expect(other.problems.find((p) => p.code === "plan_number_mismatch")).toMatchObject({ line: 9, severity: "review" });
  });

  it("imports all 51 indicators, numbered 1 to 51 in document order", () => {
    expect(catalogue.indicators.map((i) => i.code)).toEqual(Array.from({ length: 51 }, (_, i) => String(i + 1)));
    expect(catalogue.indicators.map((i) => i.printedNumber)).toEqual(catalogue.indicators.map((i) => i.code));
    expect(catalogue.tasks).toEqual([]);
  });

  it("puts each indicator in its section (I: 4, II: 8, III: 11, IV: 13, V: 15)", () => {
    const counts: Record<string, number> = {};
    for (const i of catalogue.indicators) counts[i.section?.code ?? "-"] = (counts[i.section?.code ?? "-"] ?? 0) + 1;
    expect(counts).toEqual({ I: 4, II: 8, III: 11, IV: 13, V: 15 });
    expect(indicator("1").section).toEqual({ code: "I", title: "Phát triển hạ tầng" });
    expect(indicator("5").section).toEqual({ code: "II", title: "Phát triển nguồn lực" });
    expect(indicator("13").section).toEqual({ code: "III", title: "Phát triển khoa học, công nghệ" });
    expect(indicator("24").section).toEqual({ code: "IV", title: "Phát triển hệ sinh thái đổi mới sáng tạo" });
    expect(indicator("37").section).toEqual({ code: "V", title: "Phát triển chuyển đổi số" });
    expect(indicator("51").section?.code).toBe("V");
  });

  it("re-joins names wrapped over several lines, without the final full stop", () => {
    expect(indicator("3").name).toBe("Tỷ lệ người sử dụng có khả năng truy cập băng rộng cố định với tốc độ trên 01 Gbps/s");
    expect(indicator("12").name).toBe(
      "Tỷ lệ dân số trưởng thành thường xuyên sử dụng dịch vụ số (chăm sóc sức khỏe từ xa, học trực tuyến nâng cao, giao dịch tài chính số,…)",
    );
    expect(indicator("36").name).toBe(
      "Tỷ lệ sản phẩm, dịch vụ chủ lực, đặc thù được bảo hộ, quản lý và phát triển tài sản trí tuệ, kiểm soát nguồn gốc, chất lượng sau bảo hộ; tỷ lệ sản phẩm OCOP được đăng ký nhãn hiệu",
    );
    expect(indicator("40").name).toBe(
      "Tỷ lệ thủ tục hành chính được tiếp nhận, giải quyết phi địa giới hành chính giữa trung ương và địa phương, giữa các cấp chính quyền",
    );
  });

  it("records the line where each row starts", () => {
    expect(indicator("1").line).toBe(19);
    expect(indicator("3").line).toBe(29);
    expect(indicator("51").line).toBe(511);
  });

  it("skips the header repeated after each page break", () => {
    for (const i of catalogue.indicators) {
      expect(i.name).not.toMatch(/Chỉ tiêu|Phấn đấu theo|theo dõi, đánh giá/);
      for (const t of i.targets) expect(t.raw).not.toMatch(/^20(25|30|35|40|45)$/);
    }
    expect(indicator("23").name).toBe("Số lượng doanh nghiệp khoa học và công nghệ");
  });

  it("does not take numbers inside names ('01 Gbps/s', '12 tháng', '01 vạn dân', '(TFP)') for targets", () => {
    expect(indicator("3").targets.map((t) => t.raw)).toEqual(["≥60%", "100%"]);
    expect(indicator("11").name).toMatch(/trên 01 vạn dân$/);
    expect(indicator("17").name).toMatch(/sau 12 tháng nghiệm thu$/);
    expect(indicator("39").name).toBe("Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế");
  });

  describe("targets", () => {
    it("maps a row with all five values to 2025, 2030, 2035, 2040, 2045 in order", () => {
      expect(targetsOf("5")).toEqual({
        2025: ["≥ 1%", "at_least"],
        2030: ["≥ 1,5%", "at_least"],
        2035: ["≥2%", "at_least"],
        2040: ["≥2,5%", "at_least"],
        2045: ["≥3%", "at_least"],
      });
      const [, second] = indicator("5").targets;
      expect(second?.parsed).toMatchObject({ kind: "at_least", value: 1.5, percent: true });
      expect(indicator("5").needsReview).toBe(false);
    });

    it("reads '2-3%' as a percentage range", () => {
      expect(targetsOf("6")).toEqual({
        2025: ["2%", "at_least"],
        2030: ["2-3%", "range"],
        2035: ["2-3%", "range"],
        2040: ["≥ 3%", "at_least"],
        2045: ["≥3%", "at_least"],
      });
      expect(indicator("6").targets[1]?.parsed).toMatchObject({ kind: "range", min: 2, max: 3, percent: true });
    });

    it("reads counts per 10,000 people for #11 without the '01' of the name", () => {
      expect(indicator("11").targets.map((t) => [t.year, t.raw])).toEqual([
        [2025, "≥ 4"],
        [2030, "≥ 7"],
        [2035, "≥ 10"],
        [2040, "≥ 15"],
        [2045, "≥ 20"],
      ]);
    });

    it("reads '≥ 1.500' in #15 as 1500 (thousands dot) on a row whose cells share one line", () => {
      expect(targetsOf("15")).toEqual({
        2025: ["≥ 300", "at_least"],
        2030: ["≥ 600", "at_least"],
        2035: ["≥ 900", "at_least"],
        2040: ["≥ 1.500", "at_least"],
        2045: ["≥ 2.000", "at_least"],
      });
      expect(indicator("15").targets.map((t) => (t.parsed.kind === "at_least" ? t.parsed.value : NaN))).toEqual([300, 600, 900, 1500, 2000]);
      expect(indicator("15").needsReview).toBe(false);
    });

    it("reads #17's percentages and not the '12' of '12 tháng'", () => {
      expect(indicator("17").targets.map((t) => t.raw)).toEqual(["≥ 40%", "≥ 60%", "≥ 75%", "≥ 85%", "≥ 95%"]);
      expect(indicator("17").targets.map((t) => t.year)).toEqual([2025, 2030, 2035, 2040, 2045]);
    });

    it("reads #38's five percentages though two of them are separated by two spaces", () => {
      expect(targetsOf("38")).toEqual({
        2025: ["12%", "at_least"],
        2030: ["24%", "at_least"],
        2035: ["32%", "at_least"],
        2040: ["35%", "at_least"],
        2045: ["40%", "at_least"],
      });
    });

    it("places #1's two values from 2025 (no blank before them) and flags it", () => {
      expect(targetsOf("1")).toEqual({ 2025: ["≥20%", "at_least"], 2030: ["99%", "at_least"] });
      expect(indicator("1").needsReview).toBe(true);
      expect(reasons(indicator("1"))).toContain("2035, 2040, 2045");
    });

    it("places #2's three values up to 2045 because a wide blank precedes them", () => {
      expect(targetsOf("2")).toEqual({ 2035: ["50%", "at_least"], 2040: ["80%", "at_least"], 2045: ["100%", "at_least"] });
      expect(indicator("2").needsReview).toBe(true);
    });

    it("places #12's '80% ≥ 90%', preceded by a run of spaces, at the later horizons and flags it", () => {
      expect(targetsOf("12")).toEqual({ 2040: ["80%", "at_least"], 2045: ["≥ 90%", "at_least"] });
      expect(indicator("12").needsReview).toBe(true);
    });

    it("reads #24's ranks and its text target re-joined from three lines, and flags the missing fifth cell", () => {
      expect(targetsOf("24")).toEqual({
        2025: ["20/34", "rank"],
        2030: ["17/34", "rank"],
        2035: ["15/34", "rank"],
        2040: ["Nhóm 15 tỉnh đứng đầu", "qualitative"],
      });
      expect(indicator("24").targets[0]?.parsed).toMatchObject({ kind: "rank", rank: 20, outOf: 34 });
      expect(indicator("24").direction).toBe("lower");
      expect(indicator("24").needsReview).toBe(true);
      expect(reasons(indicator("24"))).toContain("only 4 of 5 target cells");
      expect(reasons(indicator("24"), "vi")).toContain("chỉ còn 4/5 ô mục tiêu");
      expect(reasons(indicator("24"))).toContain("2045");
    });

    it("reads #26's '50 - 60' and '50 - 70' as ranges at the later horizons", () => {
      expect(targetsOf("26")).toEqual({ 2040: ["50 - 60", "range"], 2045: ["50 - 70", "range"] });
      expect(indicator("26").targets[0]?.parsed).toMatchObject({ kind: "range", min: 50, max: 60, percent: false });
      expect(indicator("26").direction).toBe("range");
    });

    it("reads #37 the same way as #24", () => {
      expect(targetsOf("37")).toEqual({
        2025: ["20/34", "rank"],
        2030: ["17/34", "rank"],
        2035: ["15/34", "rank"],
        2040: ["Nhóm 15 tỉnh dẫn đầu", "qualitative"],
      });
      expect(indicator("37").needsReview).toBe(true);
    });

    it("places #50's four values up to 2045 and keeps the office text after them out", () => {
      expect(targetsOf("50")).toEqual({
        2030: ["≥ 10%", "at_least"],
        2035: ["20%", "at_least"],
        2040: ["30%", "at_least"],
        2045: ["40%", "at_least"],
      });
    });

    it("keeps a lone value with blank space on both sides (#22 '15', #29 '12') unplaced rather than guessing its year", () => {
      expect(indicator("22").targets).toEqual([]);
      expect(indicator("22").unplacedTargets?.map((t) => [t.raw, t.parsed.kind])).toEqual([["15", "at_least"]]);
      expect(indicator("29").targets).toEqual([]);
      expect(indicator("29").unplacedTargets?.map((t) => t.raw)).toEqual(["12"]);
      expect(catalogue.problems.find((p) => p.code === "unplaced_targets" && p.message.startsWith("Indicator 22:"))?.line).toBe(247);
    });

    it("gives every target a horizon from the header and keeps complete rows unflagged", () => {
      for (const i of catalogue.indicators) {
        for (const t of i.targets) expect([2025, 2030, 2035, 2040, 2045]).toContain(t.year);
        if (i.targets.length === 5) expect(i.needsReview).toBe(false);
      }
    });
  });

  it("infers value kinds and directions from names and first targets", () => {
    expect(indicator("1").valueKind).toBe("percent");
    expect(indicator("15").valueKind).toBe("count");
    expect(indicator("24").valueKind).toBe("rank");
    expect(indicator("1").direction).toBe("higher");
    expect(indicator("37").direction).toBe("lower");
  });

  describe("responsible offices", () => {
    it("keeps 'Phòng Quản lý Bưu chính, Viễn thông' as one office despite its comma", () => {
      expect(indicator("1").lead).toEqual(["Phòng Quản lý Bưu chính, Viễn thông"]);
      expect(indicator("1").coordinating).toEqual([]);
    });

    it("splits 'X phối hợp với Y' into lead and coordinating", () => {
      expect([indicator("5").lead, indicator("5").coordinating]).toEqual([["Phòng Tài chính"], ["Sở Tài chính"]]);
      expect([indicator("7").lead, indicator("7").coordinating]).toEqual([["Phòng Chuyển đổi số"], ["Sở Nội vụ"]]);
      expect([indicator("10").lead, indicator("10").coordinating]).toEqual([["Phòng Chuyển đổi số"], ["các Sở, ngành"]]);
      expect([indicator("20").lead, indicator("20").coordinating]).toEqual([["Phòng Quản lý khoa học"], ["các Trường chuyên nghiệp thống kê"]]);
      expect([indicator("36").lead, indicator("36").coordinating]).toEqual([
        ["Phòng Quản lý Công nghệ và Chuyên ngành"],
        ["Sở Nông nghiệp và Môi trường"],
      ]);
    });

    it("takes the office written on the same line as the targets", () => {
      expect(indicator("15").lead).toEqual(["Văn phòng Sở"]);
      expect(indicator("38").lead).toEqual(["Phòng Chuyển đổi số"]);
    });

    it("gives rows 40–48 the one merged office cell whose text the PDF interleaves with rows 40–43", () => {
      const shared = indicator("40");
      expect(shared.lead).toEqual(["Văn phòng Sở"]);
      expect(shared.coordinating).toEqual(["VP UBND tỉnh", "Trung tâm hành chính công"]);
      for (let n = 41; n <= 48; n++) {
        expect([indicator(String(n)).lead, indicator(String(n)).coordinating]).toEqual([shared.lead, shared.coordinating]);
      }
      expect(indicator("49").lead).toEqual(["Phòng Quản lý Công nghệ và Chuyên ngành"]);
    });

    it("keeps the interleaved office fragments out of names and targets", () => {
      for (let n = 40; n <= 48; n++) {
        const i = indicator(String(n));
        expect(i.name).not.toMatch(/Văn phòng|phối|VP UBND|Trung tâm hành chính|hiện các nội dung|liên quan$/);
        for (const t of i.targets) expect(t.parsed.kind).not.toBe("qualitative");
      }
      expect(indicator("43").name).toBe("Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa");
      expect(indicator("43").targets.map((t) => t.raw)).toEqual(["≥ 70%", "100%"]);
    });

    it("keeps the source's typo 'Phòng Chuyển đối số' raw for #50 and #51", () => {
      expect(indicator("50").lead).toEqual(["Phòng Chuyển đối số"]);
      expect(indicator("51").lead).toEqual(["Phòng Chuyển đối số"]);
      expect(indicator("51").coordinating.join(", ")).toBe("đảng ủy, UBND các xã, phường");
    });

    it("gives every indicator a lead office", () => {
      for (const i of catalogue.indicators) expect(i.lead.length, `indicator ${i.code}`).toBeGreaterThan(0);
    });
  });

  describe("review", () => {
    it("flags exactly the rows whose target cells did not all survive", () => {
      expect(catalogue.indicators.filter((i) => i.needsReview).map((i) => i.code)).toEqual(FLAGGED);
      for (const i of catalogue.indicators) {
        expect(i.needsReview, `indicator ${i.code}`).toBe(i.targets.length < 5);
        expect(i.reviewReasons.length > 0).toBe(i.needsReview);
      }
    });

    it("reports each flagged indicator as a 'review' problem naming its uncertain horizons", () => {
      for (const code of FLAGGED) {
        const mine = catalogue.problems.filter((p) => p.message.startsWith(`Indicator ${code}:`));
        expect(mine.length, `indicator ${code}`).toBeGreaterThan(0);
        for (const p of mine) {
          expect(p.severity).toBe("review");
          expect(["uncertain_horizons", "unplaced_targets"]).toContain(p.code);
          expect(p.message).toMatch(/horizons 2025, 2030, 2035, 2040, 2045/);
          expect(p.text).not.toBe("");
        }
      }
      const p24 = catalogue.problems.find((p) => p.message.startsWith("Indicator 24:"));
      expect(p24).toMatchObject({ line: 269, severity: "review", code: "uncertain_horizons" });
      expect(p24?.message).toContain("no target for 2045");
    });

    it("reads every line of the seed: no unattributed line, no error", () => {
      expect(catalogue.problems.filter((p) => p.severity === "error" || p.code === "unattributed_line")).toEqual([]);
      expect(catalogue.problems.every((p) => p.message.startsWith("Indicator "))).toBe(true);
    });
  });

  it("gives deep-equal output when run again on the same text", () => {
    const again = parsePdfTextCatalogue(seedText);
    expect(again).toEqual(catalogue);
    expect(JSON.stringify(again)).toBe(JSON.stringify(catalogue));
  });

  it("reads the same file with Windows line endings the same way", () => {
    expect(parsePdfTextCatalogue(seedText.replace(/\n/g, "\r\n"))).toEqual(catalogue);
  });
});

describe("other PDF-text plans", () => {
  const threeHorizons = [
    "(Kèm theo Kế hoạch số 12/KH-UBND ngày 06 tháng 02 năm 2026 của UBND tỉnh)",
    "TT Chỉ tiêu Mục tiêu Đơn vị chủ trì",
    "2026 2027 2030",
    "I Hạ tầng số",
    "1 Tỷ lệ xã có cáp quang. 90% 95% 100% Sở Khoa học và",
    "Công nghệ",
    "2",
    "Số trạm BTS xây mới",
    "trên địa bàn.",
    "≥ 50 ≥ 80 ",
    "Sở Khoa học và Công nghệ",
    "II Dịch vụ số",
    "3 Xếp hạng DTI.  20/34 15/34 Nhóm 10",
    "tỉnh dẫn đầu",
    "Văn phòng UBND tỉnh",
    "4 Tỷ lệ hồ sơ trực tuyến. 80% 90% 100% Văn phòng UBND tỉnh",
    "Ghi chú lạc chỗ",
  ].join("\n");

  it("reads horizons, plan and rows from a table with three horizon columns", () => {
    const c = parsePdfTextCatalogue(threeHorizons);
    expect(c.plan).toMatchObject({ number: "12/KH-UBND", date: "2026-02-06", issuer: "UBND tỉnh" });
    expect(c.indicators.map((i) => i.code)).toEqual(["1", "2", "3", "4"]);
    expect(c.indicators[0]?.targets.map((t) => [t.year, t.raw])).toEqual([
      [2026, "90%"],
      [2027, "95%"],
      [2030, "100%"],
    ]);
    expect(c.indicators[0]?.lead).toEqual(["Sở Khoa học và Công nghệ"]);
    expect(c.indicators[1]?.name).toBe("Số trạm BTS xây mới trên địa bàn");
    expect(c.indicators[1]?.targets.map((t) => t.year)).toEqual([2026, 2027]);
    expect(c.indicators[1]?.needsReview).toBe(true);
    expect(c.indicators[2]?.targets.map((t) => t.raw)).toEqual(["20/34", "15/34", "Nhóm 10 tỉnh dẫn đầu"]);
    expect(c.indicators[2]?.needsReview).toBe(false);
    expect(c.indicators[2]?.lead).toEqual(["Văn phòng UBND tỉnh"]);
  });

  it("reports a line it cannot place inside a row and flags that row", () => {
    const c = parsePdfTextCatalogue(threeHorizons);
    const stray = c.problems.find((p) => p.code === "unattributed_line");
    expect(stray).toMatchObject({ line: 17, severity: "review", text: "Ghi chú lạc chỗ" });
    expect(c.indicators[3]?.needsReview).toBe(true);
  });

  it("prefixes codes with the section when numbering restarts in each section", () => {
    const text = [
      "TT Chỉ tiêu Mục tiêu Đơn vị chủ trì",
      "Năm 2030",
      "I Nhóm một",
      "1 Tỷ lệ A. 50% Sở Nội vụ",
      "II Nhóm hai",
      "1 Tỷ lệ B. 60% Sở Tài chính",
    ].join("\n");
    const c = parsePdfTextCatalogue(text, { planNumber: "5/KH-UBND" });
    expect(c.plan.number).toBe("5/KH-UBND");
    expect(c.indicators.map((i) => [i.code, i.printedNumber])).toEqual([
      ["I.1", "1"],
      ["II.1", "1"],
    ]);
    expect(c.indicators.map((i) => i.targets.map((t) => [t.year, t.raw]))).toEqual([[[2030, "50%"]], [[2030, "60%"]]]);
    expect(c.indicators.every((i) => !i.needsReview)).toBe(true);
  });

  it("leaves values unplaced when a blank precedes them and trimmed line ends hide what follows", () => {
    const trimmed = parsePdfTextCatalogue(seedText.split("\n").map((line) => line.trimEnd()).join("\n"));
    const byCode = (code: string) => trimmed.indicators.find((i) => i.code === code);
    expect(byCode("12")?.targets).toEqual([]);
    expect(byCode("12")?.unplacedTargets?.map((t) => t.raw)).toEqual(["80%", "≥ 90%"]);
    expect(byCode("1")?.targets.map((t) => [t.year, t.raw])).toEqual([
      [2025, "≥20%"],
      [2030, "99%"],
    ]);
    expect(byCode("50")?.targets.map((t) => t.year)).toEqual([2030, 2035, 2040, 2045]);
    expect(trimmed.indicators).toHaveLength(51);
  });

  it("takes 'TT' in a unit cell for 'Trung tâm', not for a repeated header", () => {
    const text = ["TT Chỉ tiêu Đơn vị", "2030", "1 Tỷ lệ A. 50% Văn phòng UBND tỉnh và", "TT Phục vụ hành chính công", "2 Tỷ lệ B. 60% Sở Nội vụ"].join("\n");
    const c = parsePdfTextCatalogue(text);
    expect(c.indicators.map((i) => i.code)).toEqual(["1", "2"]);
    expect(c.indicators[0]?.lead.join(" và ")).toContain("TT Phục vụ hành chính công");
  });

  it("gives the surplus leading number of an over-full row back to the name, and flags it", () => {
    const text = ["TT Chỉ tiêu Đơn vị", "2026 2030", "1 Số doanh nghiệp áp dụng ISO 9001 ≥ 5 ≥ 10 Sở Khoa học và Công nghệ"].join("\n");
    const [only] = parsePdfTextCatalogue(text).indicators;
    expect(only?.name).toBe("Số doanh nghiệp áp dụng ISO 9001");
    expect(only?.targets.map((t) => [t.year, t.raw])).toEqual([
      [2026, "≥ 5"],
      [2030, "≥ 10"],
    ]);
    expect(only?.needsReview).toBe(true);
  });

  it("says so when there is no header to read horizons from", () => {
    const c = parsePdfTextCatalogue("1 Tỷ lệ A. 50% Sở Nội vụ");
    expect(c.problems.map((p) => p.code)).toEqual(expect.arrayContaining(["missing_plan_number", "missing_table_header", "unplaced_targets"]));
    expect(c.indicators[0]?.unplacedTargets?.map((t) => t.raw)).toEqual(["50%"]);
  });
});
