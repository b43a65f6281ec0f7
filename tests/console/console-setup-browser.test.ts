import { join } from "node:path";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { units } from "../../db/schema.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { artifactDir, chromiumAvailable, launchChromium } from "./chromium.ts";
import { consoleInBrowser, demo } from "./console-session.ts";

/**
 * Setting up units in a real browser (Debian's Chromium): a unit list picked as a file (console.js
 * reads it into the form) or uploaded as XLSX, previewed and confirmed; a unit deactivated and reactivated from its page.
 */
describe.skipIf(!chromiumAvailable())("setting up units in the console, in Chromium", () => {
  let s: TestApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    s = await startTestApp({ demo: true });
    ({ browser, page } = await consoleInBrowser(s, demo.coordinator));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it("imports a unit list picked as a file: preview first, nothing saved, then the import on confirmation", async () => {
    await page.goto(`${s.base}/console/units`);
    await page.click("a[href='/console/units/import']");
    await page.setInputFiles("input[type=file][data-fill]", { name: "don-vi.csv", mimeType: "text/csv", buffer: Buffer.from("Tên,Trực thuộc,Loại,Ngoài tỉnh\nUBND xã Hòa Bình Mới,,xã,\nBộ Công an,,,x\n") });
    await expect.poll(() => page.locator("textarea[data-csv]").inputValue()).toContain("UBND xã Hòa Bình Mới");
    await page.click("form:has(textarea[data-csv]) button");
    await page.locator("[data-preview-counts]").waitFor();
    // The demo already marks Bộ Công an outside the province: the row changes nothing.
    expect(await page.locator("[data-preview-counts]").innerText()).toBe("Sẽ thêm 1, đổi tên 0, cập nhật 0, không đổi 1.");
    await page.screenshot({ path: join(artifactDir, "unit-import-preview.png"), fullPage: true });
    expect(await s.db.select().from(units).where(eq(units.name, "UBND xã Hòa Bình Mới")).get()).toBeUndefined();
    await page.click("[data-confirm-import]");
    await page.waitForURL(`${s.base}/console/units?done=imported&n=2`);
    expect(await page.locator(".notice").innerText()).toContain("Đã nhập 2 đơn vị");
    expect(await page.locator("a", { hasText: "UBND xã Hòa Bình Mới" }).count()).toBe(1);
    expect((await s.db.select().from(units).where(eq(units.name, "Bộ Công an")).get())?.external).toBe(true);
  }, 60_000);

  it("imports a unit list uploaded as an XLSX file: preview from the kept upload, then the same bytes on confirmation", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Đơn vị");
    sheet.addRow(["Tên", "Trực thuộc", "Loại"]);
    sheet.addRow(["Phòng Kế hoạch Tài chính", "Sở Tài chính", "phòng"]);
    const buffer = Buffer.from(await book.xlsx.writeBuffer());
    await page.goto(`${s.base}/console/units/import`);
    await page.setInputFiles("form[data-list-upload] input[type=file]", { name: "don-vi.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer });
    await page.click("form[data-list-upload] button");
    await page.locator("[data-preview-counts]").waitFor();
    expect(await page.locator("[data-preview-counts]").innerText()).toBe("Sẽ thêm 1, đổi tên 0, cập nhật 0, không đổi 0.");
    expect(await s.db.select().from(units).where(eq(units.name, "Phòng Kế hoạch Tài chính")).get()).toBeUndefined();
    await page.click("[data-confirm-import]");
    await page.waitForURL(`${s.base}/console/units?done=imported&n=1`);
    const parent = (await s.db.select().from(units).where(eq(units.name, "Sở Tài chính")).get())!;
    expect((await s.db.select().from(units).where(eq(units.name, "Phòng Kế hoạch Tài chính")).get())?.parentId).toBe(parent.id);
  }, 60_000);

  it("deactivates a unit from its page and reactivates it", async () => {
    const id = (await s.db.select().from(units).where(eq(units.name, "Sở Tài chính")).get())!.id;
    await page.goto(`${s.base}/console/units/${id}`);
    await page.click("button[data-change=deactivate]");
    await page.waitForURL(`${s.base}/console/units/${id}?done=deactivate`);
    expect(await page.locator("[data-owes]").getAttribute("data-owes")).toBe("no");
    expect((await s.db.select().from(units).where(eq(units.id, id)).get())!.deactivatedAt).not.toBeNull();
    await page.click("button[data-change=reactivate]");
    await page.waitForURL(`${s.base}/console/units/${id}?done=reactivate`);
    expect(await page.locator("[data-owes]").getAttribute("data-owes")).toBe("yes");
  }, 60_000);
});
