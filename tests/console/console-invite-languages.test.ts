import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { people } from "../../db/schema.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, sessionFor } from "./console-session.ts";

/**
 * The printable invite sheet over a real port: the sheet around the cards in the coordinator's
 * language, each card in the language of the person it is handed to (vi unless they chose en).
 */
describe("invite cards in the right language", () => {
  let s: TestApp;
  let coordinator: { cookie: string; csrf: string };
  beforeAll(async () => {
    s = await startTestApp({ demo: true, env: { TELEGRAM_BOT_USERNAME: "chitieu_tinh_bot" } });
    coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
  }, 60_000);
  afterAll(async () => s?.close());

  const sheet = async () => {
    const r = await fetch(`${s.base}/console/invites/sheet`, { headers: { cookie: coordinator.cookie } });
    expect(r.status).toBe(200);
    return await r.text();
  };
  const setLocale = (phone: string, locale: "vi" | "en") => s.db.update(people).set({ locale }).where(eq(people.phone, phone)).run();
  const personId = async (phone: string) => (await s.db.select().from(people).where(eq(people.phone, phone)).get())!.id;
  const cardOf = (page: string, id: number) => new RegExp(`<article class="invite-card" data-card="${id}"[^>]*>[\\s\\S]*?</article>`).exec(page)?.[0] ?? "";

  it("prints each card in its person's language under the coordinator's own", async () => {
    await setLocale(demo.focal.phone, "en");
    const focal = await personId(demo.focal.phone);
    const head = await personId(demo.headTc.phone);

    // A Vietnamese coordinator: the sheet in Vietnamese; the focal point's card in English, the head's in Vietnamese.
    let page = await sheet();
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain("Thẻ mời");
    expect(page).toContain("Mỗi thẻ in bằng ngôn ngữ của người được mời");
    expect(cardOf(page, focal)).toContain('lang="en"');
    expect(cardOf(page, focal)).toContain("Invite code:");
    expect(cardOf(page, focal)).toContain("Scan the QR code with your phone");
    expect(cardOf(page, focal)).toContain("t.me/chitieu_tinh_bot?start&#61;DM-KHCN");
    expect(cardOf(page, head)).toContain('lang="vi"');
    expect(cardOf(page, head)).toContain("Mã mời:");
    expect(cardOf(page, head)).toContain("Quét mã QR bằng điện thoại");

    // The same coordinator in English: the sheet in English, the cards unchanged.
    await setLocale(demo.coordinator.phone, "en");
    page = await sheet();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain("Each card is printed in its person’s language");
    expect(page).not.toContain("Mỗi thẻ in bằng ngôn ngữ");
    expect(cardOf(page, head)).toContain("Mã mời:");
    expect(cardOf(page, focal)).toContain("Invite code:");
  });
});
