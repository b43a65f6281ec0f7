import { eq, isNotNull } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramSender } from "../../bots/telegram/telegram-sender.ts";
import { outboxStatusCounts } from "../../db/repositories/outbox-repository.ts";
import { chatAccounts, outbox } from "../../db/schema.ts";
import { systemClock } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { enqueueMessage } from "../../src/outbox/enqueue-message.ts";
import { FakeTelegram, type FakeLimits } from "../support/fake-telegram.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { testBotToken } from "../support/test-app.ts";
import { addChatAccounts, enqueueBroadcast, recipientIds } from "./outbox-fixtures.ts";

const logger = createLogger("silent");

/**
 * Real sends over HTTP to the fake Bot API, which enforces the same limits the dispatcher is given
 * and refuses with 429 what exceeds them. The rates are high so that the test takes seconds; the
 * limiter's timing at Telegram's real rates is tested on an injected clock (dispatch-outbox.test.ts).
 */
describe("a broadcast through the outbox to the fake Bot API", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(limits: FakeLimits) {
    const t = tempDatabase();
    cleanups.push(t.remove);
    const fake = await new FakeTelegram().start();
    cleanups.push(() => fake.stop());
    fake.enforceLimits(limits);
    const sender = createTelegramSender({ token: testBotToken, apiRoot: fake.apiRoot, limits, timeoutSeconds: 5 });
    const dispatcher = createDispatcher({ db: t.db, senders: [sender], clock: systemClock, logger, concurrency: 16, backoff: { baseMs: 5, maxMs: 50 }, idlePollMs: 50 });
    return { db: t.db, fake, dispatcher };
  }

  it("delivers each of 2,000 recipients exactly once through injected 429s and 5xx; 403s end blocked, never retried, and are skipped later", async () => {
    const { db, fake, dispatcher } = await setup({ perSecond: 2000, perChatPerSecond: 1, perGroupPerMinute: 20, retryAfter: "exact" });
    const chats = recipientIds(2000);
    const blocked = new Set(chats.filter((_, i) => i % 100 === 7));
    await addChatAccounts(db, "telegram", chats);
    await enqueueBroadcast(db, { broadcastId: 1, chatIds: chats, now: new Date() });

    let calls = 0;
    const injected = { tooMany: 0, serverError: 0 };
    fake.failWhen((method, p) => {
      if (method !== "sendMessage") return undefined;
      calls += 1;
      if (blocked.has(String(p.chat_id))) return { error_code: 403, description: "Forbidden: bot was blocked by the user" };
      if (calls % 37 === 0) return (injected.tooMany++, { error_code: 429, description: "Too Many Requests: retry after 0", parameters: { retry_after: 0 } });
      if (calls % 53 === 0) return (injected.serverError++, { error_code: 502, description: "Bad Gateway" });
      return undefined;
    });

    const started = performance.now();
    const stats = await dispatcher.drain({ timeoutMs: 30_000 });
    const seconds = (performance.now() - started) / 1000;

    expect(injected.tooMany).toBeGreaterThan(40);
    expect(injected.serverError).toBeGreaterThan(25);
    expect(stats).toMatchObject({ sent: 1980, blocked: 20, failed: 0 });
    expect(await outboxStatusCounts(db, 1)).toEqual({ pending: 0, sending: 0, sent: 1980, failed: 0, blocked: 20 });
    const received = fake.messagesPerChat();
    expect(chats.filter((c) => !blocked.has(c)).every((c) => received.get(c) === 1)).toBe(true);
    expect([...blocked].every((c) => !received.has(c))).toBe(true);
    // A blocked recipient was asked once, never again.
    const callsToBlocked = fake.callsOf("sendMessage").filter((c) => blocked.has(String(c.payload.chat_id)));
    expect(callsToBlocked).toHaveLength(20);
    expect(fake.limitRefusals.perChat).toBe(0);
    const marked = await db.select({ chatId: chatAccounts.chatId }).from(chatAccounts).where(isNotNull(chatAccounts.blockedAt)).all();
    expect(new Set(marked.map((m) => m.chatId))).toEqual(blocked);
    console.info(`2,000 recipients: ${seconds.toFixed(2)} s, ${(1980 / seconds).toFixed(0)} msg/s; 429 injected ${injected.tooMany}, 5xx ${injected.serverError}, limit refusals ${JSON.stringify(fake.limitRefusals)}`);

    // Later: a reminder to someone who blocked the bot is not sent at all.
    const [someone] = [...blocked];
    const { id } = await enqueueMessage(db, { channel: "telegram", chatId: someone!, kind: "reminder", dedupKey: "reminder:later", payload: { text: "Nhắc" } }, new Date());
    expect(await dispatcher.runOnce()).toMatchObject({ skippedBlocked: 1, sent: 0 });
    expect((await db.select().from(outbox).where(eq(outbox.id, id)).get())?.status).toBe("blocked");
    expect(fake.callsOf("sendMessage").filter((c) => String(c.payload.chat_id) === someone)).toHaveLength(1);
  });

  it("keeps the per-chat limit: no chat gets two messages closer than 1/limit seconds, as the fake measures", async () => {
    const { db, fake, dispatcher } = await setup({ perSecond: 500, perChatPerSecond: 20, retryAfter: "exact" });
    const chats = recipientIds(10);
    for (const chatId of chats) {
      for (let i = 0; i < 5; i++) await enqueueMessage(db, { channel: "telegram", chatId, kind: "notice", dedupKey: `n:${chatId}:${i}`, payload: { text: `Thông báo ${i + 1}` } }, new Date());
    }
    const stats = await dispatcher.drain({ timeoutMs: 10_000 });
    expect(stats.sent).toBe(50);
    expect(fake.limitRefusals).toEqual({ global: 0, perChat: 0, perGroup: 0 });
    for (const chatId of chats) {
      const at = fake.deliveries.filter((d) => d.chatId === chatId).map((d) => d.at);
      expect(at).toHaveLength(5);
      const gaps = at.slice(1).map((t, i) => t - at[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50);
    }
  });
});
