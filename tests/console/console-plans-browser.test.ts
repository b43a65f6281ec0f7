import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { peek } from "../support/peek.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { artifactDir, chromiumAvailable, launchChromium } from "./chromium.ts";
import { consoleInBrowser, demo } from "./console-session.ts";

const seedName = "004_c4fb2f6b96d432ca.txt";
const seed004 = readFileSync(join(import.meta.dirname, "../../db/seed/plans", seedName), "utf8");

/**
 * A plan uploaded in a real browser (Debian's Chromium): seed 004 picked as a file, previewed and
 * confirmed; its number set (the document leaves it blank); then a changed copy uploaded, whose
 * preview names the new, changed and removed items and asks for the removal to be ticked.
 */
describe.skipIf(!chromiumAvailable())("uploading a plan in the console, in Chromium", () => {
  let s: TestApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let codes: { third: string; seventeenth: string };

  beforeAll(async () => {
    s = await startTestApp({ demo: true });
    const catalogue = await importCatalogue({ text: seed004, fileName: seedName });
    const code = (n: string) => catalogue.indicators.find((i) => i.printedNumber === `${n}.`)!.code;
    codes = { third: code("3"), seventeenth: code("17") };
    ({ browser, page } = await consoleInBrowser(s, demo.coordinator));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const uploadFile = async (name: string, text: string, number = "") => {
    await page.goto(`${s.base}/console/plans`);
    await page.click("[data-upload-link]");
    await page.setInputFiles("input[type=file][name=file]", { name, mimeType: "text/plain", buffer: Buffer.from(text) });
    if (number) await page.fill("input[name=plan]", number);
    await page.click("[data-upload]");
    await page.locator("[data-preview-counts]").waitFor();
  };

  it("uploads seed 004 as a file: a preview of new items saves nothing, the confirmation saves the plan and keeps its file", async () => {
    const catalogue = await importCatalogue({ text: seed004, fileName: seedName });
    const items = catalogue.indicators.length + catalogue.tasks.length;
    await uploadFile(seedName, seed004);
    expect(await page.locator("[data-preview-counts]").innerText()).toBe(`Mới ${items}, thay đổi 0, bị xóa 0, không đổi 0.`);
    expect(await page.locator("main").innerText()).toContain("Văn bản không có số kế hoạch");
    // The importer's problem, by row, in Vietnamese.
    expect(await page.locator("tr[data-problem=missing_plan_number]").innerText()).toContain("Văn bản để trống số kế hoạch");
    await page.screenshot({ path: join(artifactDir, "plan-upload-preview.png"), fullPage: true });
    expect(await peek(s.db, "SELECT count(*) AS n FROM plans WHERE key = ?", `file:${seedName}`)).toEqual({ n: 0 });
    await page.click("[data-confirm-import]");
    await page.waitForURL(/\/console\/plans\/\d+\?done=imported$/);
    expect(await page.locator(".notice").innerText()).toBe("Đã lưu kế hoạch từ tệp tải lên.");
    expect(await page.locator(`a[data-file="${seedName}"]`).count()).toBe(1);
    const plan = (await peek<{ id: number }>(s.db, "SELECT id FROM plans WHERE key = ?", `file:${seedName}`))!;
    expect(await peek(s.db, "SELECT (SELECT count(*) FROM indicators WHERE plan_id = ?) + (SELECT count(*) FROM tasks WHERE plan_id = ?) AS n", plan.id, plan.id)).toEqual({ n: items });
    const download = page.waitForEvent("download");
    await page.click(`a[data-file="${seedName}"]`);
    expect(readFileSync((await (await download).path())!, "utf8")).toBe(seed004);
  }, 120_000);

  it("gives the plan without a number its number on its page, without a copy", async () => {
    await page.goto(`${s.base}/console/plans`);
    await page.click(`tr[data-plan="file:${seedName}"] a`);
    await page.fill("input[name=number]", "15/KH-UBND");
    await page.click("form[action$='/number'] button");
    await page.waitForURL(/\?done=numbered$/);
    expect(await page.locator("h1").innerText()).toBe("Kế hoạch 15/KH-UBND");
    expect(await peek(s.db, "SELECT count(*) AS n FROM plans WHERE key IN (?, '15/khubnd')", `file:${seedName}`)).toEqual({ n: 1 });
    // On a 390 px phone neither the plan's page nor the list scrolls sideways (wide tables scroll inside their box).
    const overflow = async () => (await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")) as number;
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifactDir, "plan-page.png"), fullPage: true });
    await page.goto(`${s.base}/console/plans`);
    expect(await overflow()).toBeLessThanOrEqual(0);
  }, 60_000);

  it("re-uploads a changed copy: the preview names the new, changed and removed items, and saves only once the removal is ticked", async () => {
    const lines = seed004.split("\n");
    const third = lines.findIndex((l) => l.startsWith("3.\tMở rộng phủ sóng 5G\t%\t≥95\t"));
    const seventeenth = lines.findIndex((l) => l.startsWith("17.\t"));
    expect(third).toBeGreaterThan(0);
    expect(seventeenth).toBeGreaterThan(third);
    lines[third] = lines[third]!.replace("\t≥95\t", "\t≥97\t");
    lines[seventeenth] = "18.\tTỷ lệ xã, phường có điểm hỗ trợ chuyển đổi số cho người dân\t%\t≥50\tSở Khoa học và Công nghệ\tMới bổ sung";
    await uploadFile("KH 15 sửa đổi.txt", lines.join("\n"), "15/KH-UBND");
    const main = page.locator("main");
    expect(await page.locator("[data-preview-counts]").innerText()).toMatch(/^Mới 1, thay đổi 1, bị xóa 1, không đổi \d+\.$/);
    expect(await main.innerText()).toContain("Cập nhật kế hoạch 15/KH-UBND đã có.");
    const newCode = (await importCatalogue({ text: lines.join("\n"), fileName: "x.txt" })).indicators.find((i) => i.printedNumber === "18.")!.code;
    expect(await page.locator("[data-diff=created]").innerText()).toContain(newCode);
    expect(await page.locator("[data-diff=updated]").innerText()).toContain(codes.third);
    expect(await page.locator("[data-diff=removed]").innerText()).toContain(codes.seventeenth);
    await page.screenshot({ path: join(artifactDir, "plan-reupload-diff.png"), fullPage: true });

    // Confirmed without ticking the removal: refused, nothing saved, the box is asked for.
    await page.click("[data-confirm-import]");
    await page.locator("[data-error]").waitFor();
    expect(await page.locator("[data-error]").innerText()).toContain("Chưa lưu: tệp này xóa 1 mục");
    const plan = (await peek<{ id: number }>(s.db, "SELECT id FROM plans WHERE key = '15/khubnd'"))!;
    expect(await peek(s.db, "SELECT count(*) AS n FROM indicators WHERE plan_id = ? AND code = ?", plan.id, codes.seventeenth)).toEqual({ n: 1 });

    await page.check("[data-confirm-removal]");
    await page.click("[data-confirm-import]");
    await page.waitForURL(`${s.base}/console/plans/${plan.id}?done=imported`);
    expect(await peek(s.db, "SELECT count(*) AS n FROM indicators WHERE plan_id = ? AND code = ?", plan.id, codes.seventeenth)).toEqual({ n: 0 });
    expect(await peek(s.db, "SELECT count(*) AS n FROM indicators WHERE plan_id = ? AND code = ?", plan.id, newCode)).toEqual({ n: 1 });
    expect(await page.locator("a[data-file]").count()).toBe(2);
  }, 120_000);
});
