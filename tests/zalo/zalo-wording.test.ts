import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createZaloSender } from "../../bots/zalo/zalo-sender.ts";
import { outbox } from "../../db/schema.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { runReminderTick } from "../../src/services/reminders.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { offeredIn, zaloUser } from "../support/zalo-user.ts";
import { checkZaloWording } from "./check-zalo-replies.ts";

const logger = createLogger("silent");

/**
 * Texts over Zalo worded for a channel without buttons, beyond the replayed cases: the reminder
 * digest the outbox sends (one numbered list: its lines are the choices), the menu's language
 * choice, and the same prompts in English.
 */
describe("Zalo's wording: typed numbers, not buttons", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("sends a reminder digest as one numbered list whose numbers start reporting, worded for typing", async () => {
    // Wednesday 18/11, 09:00 in Vietnam: a week before the monthly deadline of the 25th.
    app = await startTestApp({ demo: true, zalo: true, now: "2026-11-18T02:00:00Z" });
    const user = zaloUser("5a1b2c3d4e5f60718230");
    await app.postZaloUpdate(user.text("DM-KHCN"));
    const queued = await runReminderTick({ db: app.db, clock: app.clock, config: app.config, logger });
    expect(queued).toBeTruthy();
    const row = await app.db.select().from(outbox).where(eq(outbox.channel, "zalo")).get();
    expect(row?.kind).toBe("reminder");
    const sender = createZaloSender({ transport: app.zalo!.transport, limits: { perMinute: 600, perChatPerMinute: 60 }, translator: app.translator, clock: app.clock });
    const dispatcher = createDispatcher({ db: app.db, senders: [sender], clock: app.clock, logger, sleep: async (ms) => app!.clock.advance(ms) });
    await dispatcher.drain();
    const digest = app.zalo!.fake.sentTexts(user.id).at(-1)!;
    checkZaloWording("digest", digest);
    expect(digest).toContain("🔔 Nhắc báo cáo");
    expect(digest).toContain("Gõ số thứ tự");
    const { numbered } = offeredIn(digest);
    expect(numbered.length).toBeGreaterThan(1);
    for (const line of numbered) expect(line).toMatch(/^#\d+ \[[^\]]+\] .+ — kỳ .+, hạn .+ — (còn \d+ ngày|quá hạn \d+ ngày|hạn hôm nay)$/);
    // Each choice carries the item's own list number: typing it ("#79") starts that item.
    const [, own, code] = /^#(\d+) \[([^\]]+)\]/.exec(numbered[0]!)!;
    // "1" is the first line's place and also the own number of another line: asked back, never guessed.
    const other = numbered.findIndex((l) => l.startsWith("#1 ["));
    expect(other).toBeGreaterThan(0);
    await app.postZaloUpdate(user.text("1"));
    expect(app.zalo!.fake.sentTexts(user.id).at(-1)).toContain(`Số 1 có thể là #1 hoặc #${own}`);
    await app.postZaloUpdate(user.text(`#${own}`));
    expect(app.zalo!.fake.sentTexts(user.id).at(-1)).toContain(`[${code}]`);
  });

  it("offers the language in the menu's numbered list: its number asks which language", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    const user = zaloUser("5a1b2c3d4e5f60718231");
    await app.postZaloUpdate(user.text("DM-KHCN"));
    const menu = offeredIn(app.zalo!.fake.sentTexts(user.id).at(-1)!).numbered;
    expect(menu.at(-1)).toBe("Ngôn ngữ / Language");
    await app.postZaloUpdate(user.text(String(menu.length)));
    const ask = app.zalo!.fake.sentTexts(user.id).at(-1)!;
    expect(ask).toContain("Which language would you like?");
    expect(offeredIn(ask).numbered).toEqual(["Tiếng Việt", "English"]);
    await app.postZaloUpdate(user.text("2"));
    const texts = app.zalo!.fake.sentTexts(user.id);
    expect(texts.at(-2)).toContain("I will answer in English");
    expect(texts.at(-1)).toMatch(/^What would you like to do\? Type its number, or its name \(e\.g\. "report"\):\n\n1\. Report/);
    for (const t of texts) checkZaloWording("language", t);
  });

  it("asks for evidence in English as a photo or a link, with nothing to press", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    const user = zaloUser("5a1b2c3d4e5f60718232");
    await app.postZaloUpdate(user.text("DM-KHCN"));
    await app.postZaloUpdate(user.text("English"));
    await app.postZaloUpdate(user.text("report"));
    await app.postZaloUpdate(user.text("phu song 5g"));
    await app.postZaloUpdate(user.text("72,5"));
    await app.postZaloUpdate(user.text("skip"));
    const ask = app.zalo!.fake.sentTexts(user.id).at(-1)!;
    expect(ask).toContain("Send a photo as evidence, or paste a link");
    for (const t of app.zalo!.fake.sentTexts(user.id)) checkZaloWording("english", t);
  });
});
