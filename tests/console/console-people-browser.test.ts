import { readFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { inviteCodes, people, personRoles, units } from "../../db/schema.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { artifactDir, chromiumAvailable, launchChromium } from "./chromium.ts";
import { consoleInBrowser, demo } from "./console-session.ts";

/**
 * Setting up a province without a developer, in a real browser (Debian's Chromium): a commune added
 * under nothing, a person added to it with a role and a second role given, their invite code
 * reissued, and the invite sheet printed to PDF under print media.
 */
describe.skipIf(!chromiumAvailable())("setting up people and invitations in the console, in Chromium", () => {
  let s: TestApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    s = await startTestApp({ demo: true, env: { TELEGRAM_BOT_USERNAME: "chitieu_tinh_bot" } });
    ({ browser, page } = await consoleInBrowser(s, demo.coordinator));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const personByName = async (name: string) => (await s.db.select().from(people).where(eq(people.name, name)).get())!;
  const openCode = async (personId: number) => (await s.db.select().from(inviteCodes).where(and(eq(inviteCodes.personId, personId), isNull(inviteCodes.usedAt))).all()).filter((c) => c.expiresAt > s.clock.now());

  it("adds a commune, then a person in it, then gives them a second role", async () => {
    await page.goto(`${s.base}/console/units`);
    await page.click("[data-unit-add] summary");
    await page.fill("[data-unit-add] input[name=name]", "UBND xã Quyết Thắng");
    await page.selectOption("[data-unit-add] select[name=kind]", "commune");
    await page.click("[data-unit-add] button");
    await page.waitForURL(/\/console\/units\/\d+\?done=added$/);
    expect(await page.locator("h1").innerText()).toBe("UBND xã Quyết Thắng");
    const commune = (await s.db.select().from(units).where(eq(units.name, "UBND xã Quyết Thắng")).get())!;
    expect(commune.kind).toBe("commune");

    await page.click("details.menu summary");
    await page.click("details.menu a[href='/console/people']");
    await page.waitForURL(`${s.base}/console/people`);
    await page.fill("[data-person-form] input[name=name]", "Ngô Thị Thu");
    await page.fill("[data-person-form] input[name=phone]", "0976 111 222");
    await page.selectOption("[data-person-form] select[name=unit]", "UBND xã Quyết Thắng");
    await page.selectOption("[data-person-form] select[name=role]", "focal_point");
    await page.click("[data-person-form] button");
    await page.waitForURL(/\/console\/people\/\d+\?done=added$/);
    const person = await personByName("Ngô Thị Thu");
    expect(person.unitId).toBe(commune.id);
    expect(person.phone).toBe("0976111222");
    expect(await page.locator("[data-roles]").innerText()).toContain("Cán bộ đầu mối");

    await page.selectOption("select[name=role]", "unit_head");
    await page.click("button[data-action=add-role]");
    await page.waitForURL(/\?done=roles$/);
    expect(await page.locator("[data-roles]").innerText()).toContain("Lãnh đạo đơn vị");
    expect((await s.db.select().from(personRoles).where(eq(personRoles.personId, person.id)).all()).map((r) => r.role).sort()).toEqual(["focal_point", "unit_head"]);
    await page.screenshot({ path: join(artifactDir, "person-page.png"), fullPage: true });
  }, 60_000);

  it("reissues the person's code: the page shows the new code, link and QR, and the old code no longer works", async () => {
    const person = await personByName("Ngô Thị Thu");
    const [before] = await openCode(person.id);
    expect(await page.locator("[data-code]").innerText()).toBe(before!.code);
    await page.click("button[data-action=reissue]");
    await page.waitForURL(/\?done=reissued$/);
    const open = await openCode(person.id);
    expect(open).toHaveLength(1);
    expect(open[0]!.code).not.toBe(before!.code);
    expect(await page.locator("[data-code]").innerText()).toBe(open[0]!.code);
    expect(await page.locator("a[data-deep-link]").getAttribute("href")).toBe(`https://t.me/chitieu_tinh_bot?start=${open[0]!.code}`);
    expect(await page.locator("[data-invite] svg.qr").isVisible()).toBe(true);
  }, 60_000);

  it("prints the invite sheet: one card per person, the console's header hidden in print, a PDF", async () => {
    await page.goto(`${s.base}/console/people`);
    await page.click("a[data-invite-sheet]");
    await page.waitForURL(`${s.base}/console/invites/sheet`);
    const cards = page.locator(".invite-card");
    let withCode = 0;
    for (const p of await s.db.select().from(people).all()) if (!p.deactivatedAt && (await openCode(p.id)).length) withCode += 1;
    expect(await cards.count()).toBe(withCode);
    const card = page.locator(".invite-card", { hasText: "Ngô Thị Thu" });
    expect(await card.count()).toBe(1);
    const code = (await openCode((await personByName("Ngô Thị Thu")).id))[0]!.code;
    expect(await card.locator(".code").innerText()).toBe(code);
    expect(await card.locator("svg.qr").count()).toBe(1);

    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: join(artifactDir, "invite-sheet-print.png"), fullPage: true });
    expect(await page.locator("header.top").isVisible()).toBe(false);
    expect(await page.locator("[data-print]").isVisible()).toBe(false);
    expect(await card.isVisible()).toBe(true);
    const path = join(artifactDir, "invite-sheet.pdf");
    await page.pdf({ path, format: "A4", printBackground: true });
    const pdf = readFileSync(path);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThan(0);
    await page.emulateMedia({ media: "screen" });
  }, 60_000);

  it("fits the set-up pages on a 390 px phone without the page scrolling sideways", async () => {
    const person = await personByName("Ngô Thị Thu");
    for (const path of ["/console/units", `/console/units/${person.unitId}`, "/console/people", `/console/people/${person.id}`, "/console/people/import", "/console/invites/sheet"]) {
      await page.goto(`${s.base}${path}`);
      // A string, so this Node-typed file needs no DOM types.
      const overflow = (await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")) as number;
      expect(overflow, path).toBeLessThanOrEqual(1);
    }
  }, 60_000);
});
