import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDevChatSender } from "../../bots/devchat/dev-chat-sender.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { tickBroadcasts } from "../../src/services/broadcasts.ts";
import { planApprovalSettings, setPlanApproval, setPlanLockDays } from "../../src/services/approvals.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { artifactDir, chromiumAvailable, launchChromium } from "./chromium.ts";
import { demo, devSay, reportWithEvidence } from "./console-session.ts";

const viewports = [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
];

/**
 * The console in a real browser (Debian's Chromium through playwright-core): log in with a link the
 * dev chat gives, go through every page at phone and desktop sizes, send a broadcast and watch it
 * finish, download a workbook. Screenshots go to test-artifacts/console/.
 */
describe.skipIf(!chromiumAvailable())("the console in Chromium", () => {
  let s: TestApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let reportId: number;

  beforeAll(async () => {
    s = await startTestApp({ demo: true });
    await devSay(s, demo.focal.phone, demo.focal.code);
    // Approval on for every plan, so the approvals page has a figure waiting.
    for (const plan of await planApprovalSettings(s.db)) {
      await setPlanApproval(s.db, plan.key, true, { personId: null, name: "test" }, s.clock.now());
      await setPlanLockDays(s.db, plan.key, 365, { personId: null, name: "test" }, s.clock.now());
    }
    // Two revisions, the second with a photo on disk, so the report page has a history and evidence to show.
    reportId = (await reportWithEvidence(s)).reportId;
    browser = await launchChromium();
    page = await browser.context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(artifactDir, `${name}-${page.viewportSize()!.width}x${page.viewportSize()!.height}.png`), fullPage: true });

  it("logs in through the link the dev chat gives, and the dev chat keeps the conversation across a reload", async () => {
    await page.goto(`${s.base}/dev`);
    await page.click(`button[data-person="${demo.coordinator.phone}"]`);
    await page.fill("#t", demo.coordinator.code);
    await page.press("#t", "Enter");
    await page.locator(".msg.bot").first().waitFor();
    await page.fill("#t", "/web");
    await page.press("#t", "Enter");
    const linkMessage = page.locator(".msg.bot", { hasText: "/login?t=" });
    await linkMessage.waitFor();
    await shot("dev-chat");
    const url = /http:\/\/\S+\/login\?t=[A-Za-z0-9_-]+/.exec(await linkMessage.innerText())![0];
    expect(url.startsWith(`${s.base}/login?t=`)).toBe(true);

    await page.reload();
    await expect(page.locator(".msg.bot", { hasText: "/login?t=" }).count()).resolves.toBe(1);
    expect(await page.locator("#whoTitle").innerText()).toContain("Lê Thu Hà");

    await page.goto(url);
    await shot("login");
    await page.click("[data-login]");
    await page.waitForURL(`${s.base}/console`);
    expect(await page.locator("h1").innerText()).toBe("Tổng quan");
    const cookies = await browser.context.cookies();
    expect(cookies.find((c) => c.name === "chitieu_console")).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  }, 60_000);

  it("shows every page at 390×844 and 1366×768 without the page itself scrolling sideways", async () => {
    await page.goto(`${s.base}/console/units`);
    const unitHref = await page.locator("ul.list a[href^='/console/units/']").first().getAttribute("href");
    await page.goto(`${s.base}${unitHref}?period=2026`);
    const indicatorHref = await page.locator("a[href^='/console/indicators/']").first().getAttribute("href");
    const pages: [string, string][] = [
      ["landing", "/"],
      ["overview", "/console?period=2026"],
      ["units", "/console/units"],
      ["unit", `${unitHref}?period=2026`],
      ["indicator", indicatorHref!],
      ["report", `/console/reports/${reportId}`],
      ["broadcasts", "/console/broadcasts"],
      ["exports", "/console/exports?period=2026-11"],
      ["approvals", "/console/approvals"],
      ["periods", "/console/periods"],
      ["zalo", "/console/zalo"],
    ];
    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      for (const [name, path] of pages) {
        const response = await page.goto(`${s.base}${path}`);
        expect(response?.status(), path).toBe(200);
        // A string, so this Node-typed file needs no DOM types.
        const overflow = (await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")) as number;
        expect(overflow, `${path} at ${viewport.width}px`).toBeLessThanOrEqual(1);
        await shot(name);
      }
    }
    // The evidence photo is drawn in the page.
    await page.goto(`${s.base}/console/reports/${reportId}`);
    expect(await page.locator("img.evidence").evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(4);
    await page.setViewportSize(viewports[0]!);
    // The phone's menu folds the navigation away; opened, it leads to the pages.
    await page.goto(`${s.base}/console`);
    await page.click(".menu summary");
    await expect(page.locator(".menu nav a").count()).resolves.toBeGreaterThanOrEqual(4);
  }, 120_000);

  it("approves the waiting figure with one tap on the phone", async () => {
    await page.setViewportSize(viewports[0]!);
    await page.goto(`${s.base}/console/approvals`);
    expect(await page.locator("li.figure").count()).toBe(1);
    await page.locator("li.figure form[action='/console/approvals/approve'] button").click();
    await page.waitForURL(/done=approved/);
    expect(await page.locator(".notice").innerText()).toContain("Đã duyệt số liệu");
    await shot("approvals-done");
  }, 60_000);

  it("sends a broadcast and shows its progress until it is done", async () => {
    await page.goto(`${s.base}/console/broadcasts`);
    await page.check("input[name=audience][value=all]");
    await page.fill("textarea[name=text]", "Kiểm tra: nhắc các đơn vị cập nhật số liệu tháng 11.");
    await page.check("input[name=urgent]");
    await page.click("form.compose button");
    await page.locator("[data-preview]").waitFor();
    await shot("broadcast-preview");
    await page.click("[data-send]");
    await page.waitForURL(/\/console\/broadcasts\?follow=\d+/);
    await page.locator("[data-progress][data-status=sending]").waitFor();
    expect(await page.locator("[data-progress-text]").innerText()).toMatch(/^Đã gửi 0\/\d+/);
    // The outbox sends (the dev chat's sender) and the broadcast job closes it, on the test's clock.
    const dispatcher = createDispatcher({ db: s.db, senders: [createDevChatSender()], clock: s.clock, logger: createLogger("silent"), sleep: async (ms) => s.clock.advance(ms) });
    await dispatcher.runOnce();
    await tickBroadcasts(s.db, async () => "vi", s.clock.now());
    await page.locator("[data-progress][data-status=done]").waitFor();
    const line = await page.locator("[data-progress-text]").innerText();
    const [, done, total] = /Đã gửi (\d+)\/(\d+)/.exec(line)!;
    expect(Number(done)).toBeGreaterThan(0);
    expect(done).toBe(total);
    await shot("broadcast-done");
    // The coordinator's dev chat received it.
    expect((await devSay(s, demo.coordinator.phone, "trợ giúp")).length).toBeGreaterThan(0);
    expect(await page.locator("ul.list li", { hasText: "Kiểm tra: nhắc các đơn vị" }).count()).toBe(1);
  }, 60_000);

  it("downloads a plan's workbook in one tap", async () => {
    await page.goto(`${s.base}/console/exports?period=2026-11`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a.tile").first().click()]);
    const file = join(artifactDir, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toBe("ke-hoach-2026-11.xlsx");
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    expect(bytes.length).toBeGreaterThan(5_000);
  }, 60_000);
});
