import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { chatAccounts, processedUpdates } from "../../db/schema.ts";
import { fixedClock } from "../../src/clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { createChatHost } from "../../src/services/chat-host.ts";
import type { ChatService } from "../../src/chat/chat-service.ts";
import { tempDemoDatabase } from "../support/temp-database.ts";
import { myChatMemberUpdate, pressUpdate, textUpdate } from "./telegram-updates.ts";
import { startWebhookHarness, type WebhookHarness } from "./webhook-harness.ts";
import { calendarOfConfig } from "../../src/services/calendar-of-config.ts";

/** The adapter in front of the real chat host on a real SQLite file: the seams fit. */
describe("Telegram webhook with the real chat host", () => {
  let h: WebhookHarness<ChatService> | undefined;
  let remove: (() => void) | undefined;
  afterEach(async () => {
    await h?.close();
    remove?.();
  });

  async function start() {
    const clock = fixedClock("2026-11-20T02:00:00Z");
    const t = await tempDemoDatabase(clock.now());
    remove = t.remove;
    const translator = createTranslator("vi");
    const chat = createChatHost({ db: t.db, clock, translator, logger: createLogger("silent"), defaultLocale: "vi", sessionTtlMinutes: 720, calendar: calendarOfConfig({ HOLIDAYS: "", QUIET_HOURS: "21:00-07:00" }) });
    h = await startWebhookHarness({ chat });
    return { ...h, db: t.db };
  }

  it("links an official from a deep link and offers the menu as buttons a press can answer", async () => {
    const { post, fake, db } = await start();
    expect((await post(textUpdate(1, "/start DM-KHCN"))).status).toBe(200);
    expect((await db.select().from(chatAccounts).where(eq(chatAccounts.externalUserId, "501")).get())?.personId).toBe(1);
    const menu = fake.callsOf("sendMessage").at(-1)?.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] } | undefined;
    const buttons = menu?.inline_keyboard.flat() ?? [];
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);

    const before = fake.callsOf("sendMessage").length;
    const res = await post(pressUpdate(2, buttons[0]?.callback_data ?? ""));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ method: "answerCallbackQuery", callback_query_id: "cbq-2" });
    expect(fake.callsOf("answerCallbackQuery")).toEqual([]);
    expect(fake.callsOf("sendMessage").length).toBeGreaterThan(before);
  });

  it("remembers update ids in SQLite, so a redelivery changes nothing", async () => {
    const { post, fake, db } = await start();
    const update = textUpdate(3, "/start DM-KHCN");
    await Promise.all(Array.from({ length: 10 }, () => post(update)));
    const sent = fake.callsOf("sendMessage").length;
    await post(update);
    expect(fake.callsOf("sendMessage")).toHaveLength(sent);
    expect((await db.select().from(processedUpdates).all()).map((r) => r.updateId)).toEqual(["3"]);
  });

  it("marks the account blocked when the official blocks the bot, and clears it when they come back", async () => {
    const { post, db } = await start();
    await post(textUpdate(4, "/start DM-KHCN"));
    const account = () => db.select().from(chatAccounts).where(eq(chatAccounts.externalUserId, "501")).get();
    await post(myChatMemberUpdate(5, "kicked"));
    expect((await account())?.blockedAt).toBeInstanceOf(Date);
    await post(myChatMemberUpdate(6, "member"));
    expect((await account())?.blockedAt).toBeNull();
  });
});
