import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import type { ChartPicture } from "../../src/charts/render-chart.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { achievementPicture, completenessPicture } from "../../src/services/report-charts.ts";
import type { StatusRow, UnitSummary } from "../../src/services/reporting-status.ts";

const translator = createTranslator("vi");
const golden = (name: string) => fileURLToPath(new URL(`golden/${name}.png`, import.meta.url));

const units: UnitSummary[] = ["Sở Khoa học và Công nghệ", "UBND phường Đông Hải", "Sở Giáo dục và Đào tạo", "Văn phòng UBND tỉnh", "Ủy ban nhân dân xã Ân Thạnh"].map((unitName, i) => ({
  unitId: i + 1,
  unitName,
  expected: 10,
  submitted: 10 - 2 * i,
  reported: 10 - 2 * i,
  onTime: 8 - 2 * i,
  late: 2,
  overdue: 2 * i,
  met: 0,
  notMet: 0,
}));

function row(code: string, name: string, ratio: number, label: StatusRow["achievementLabel"]): StatusRow {
  return {
    code,
    printedNumber: code,
    name,
    achievementLabel: label,
    achievement: { status: label === "not_met" ? "not_met" : "met", target: { kind: "at_least", raw: "≥ 70%", value: 70, percent: true, strict: false }, value: ratio * 70, margin: ratio * 70 - 70, ratio },
  } as StatusRow;
}
const rows = [
  row("I.1", "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo", 1.2, "exceeded"),
  row("I.2", "Số lượng đơn đăng ký sáng chế", 1, "met"),
  row("II.1", "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình", 0.65, "not_met"),
  row("III.3", "Chỉ số đổi mới sáng tạo cấp tỉnh (PII)", 0.9, "not_met"),
];

/** Share of pixels whose colour differs by more than a little from the golden picture's. */
function differingShare(a: PNG, b: PNG): number {
  let differ = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    const d = Math.abs(a.data[i]! - b.data[i]!) + Math.abs(a.data[i + 1]! - b.data[i + 1]!) + Math.abs(a.data[i + 2]! - b.data[i + 2]!);
    if (d > 48) differ += 1;
  }
  return differ / (a.width * a.height);
}

/** Compares with the golden picture (UPDATE_GOLDEN=1 writes it); a broken font or layout moves far more than 1% of the pixels. */
function expectLikeGolden(name: string, picture: ChartPicture) {
  const png = PNG.sync.read(Buffer.from(picture.png));
  expect([png.width, png.height]).toEqual([picture.width, picture.height]);
  if (process.env.UPDATE_GOLDEN || !existsSync(golden(name))) writeFileSync(golden(name), Buffer.from(picture.png));
  const expected = PNG.sync.read(readFileSync(golden(name)));
  expect([png.width, png.height]).toEqual([expected.width, expected.height]);
  expect(differingShare(png, expected)).toBeLessThan(0.01);
}

describe("charts as PNG", () => {
  it("draws completeness by unit with one bar per unit, at twice the CSS size", async () => {
    const picture = await completenessPicture(units, "2026-11", translator, "vi");
    const png = PNG.sync.read(Buffer.from(picture.png));
    expect(png.width).toBeGreaterThan(1000);
    expect(png.height).toBeGreaterThan(5 * 18 * 2);
    expectLikeGolden("completeness", picture);
  });

  it("draws achievement against target for the reported indicators", async () => {
    const picture = await achievementPicture(rows, "2026-11", translator, "vi");
    expect(PNG.sync.read(Buffer.from(picture.png)).height).toBeGreaterThan(4 * 20 * 2);
    expectLikeGolden("achievement", picture);
  });

  it("changes the picture when the text changes: the golden comparison sees the letters", async () => {
    const other = await completenessPicture(units.map((u) => ({ ...u, unitName: u.unitName.toUpperCase() })), "2026-11", translator, "vi");
    const a = PNG.sync.read(Buffer.from(other.png));
    const b = PNG.sync.read(readFileSync(golden("completeness")));
    if (a.width === b.width && a.height === b.height) expect(differingShare(a, b)).toBeGreaterThan(0.002);
  });
});
