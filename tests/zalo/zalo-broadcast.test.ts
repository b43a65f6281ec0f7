import { isNotNull } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createZaloBotApiTransport } from "../../bots/zalo/bot-api/create-zalo-bot-api-transport.ts";
import { createZaloSender } from "../../bots/zalo/zalo-sender.ts";
import { outboxStatusCounts } from "../../db/repositories/outbox-repository.ts";
import { chatAccounts } from "../../db/schema.ts";
import { fixedClock } from "../../src/clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { enqueueMessage } from "../../src/outbox/enqueue-message.ts";
import { addChatAccounts, enqueueBroadcast } from "../outbox/outbox-fixtures.ts";
import { FakeZaloBotApi } from "../support/fake-zalo-bot-api.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { testZaloBotToken } from "../support/test-app.ts";
import { join } from "node:path";
import { createZcaTransport } from "../../bots/zalo/zca/create-zca-transport.ts";
import { createCredentialsStore } from "../../bots/zalo/zca/credentials-store.ts";
import { FakeZca, savedCredentials, zaloError } from "../support/fake-zca.ts";

const logger = createLogger("silent");
const translator = createTranslator("vi");
const minute = 60_000;

/**
 * Reminders and broadcasts over Zalo: the outbox dispatcher with the Zalo sender, over the real
 * Bot API transport and HTTP to the fake Zalo Bot API, at the configured per-minute rates on an
 * injected clock (the dispatcher's waits move it; nothing sleeps).
 */
describe("a broadcast over Zalo through the outbox", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(limits = { perMinute: 12, perChatPerMinute: 2 }) {
    const t = tempDatabase();
    cleanups.push(t.remove);
    const clock = fixedClock("2026-11-20T02:00:00Z");
    const fake = await new FakeZaloBotApi(() => clock.now().getTime()).start();
    cleanups.push(() => fake.stop());
    const transport = createZaloBotApiTransport({ token: testZaloBotToken, apiRoot: fake.apiRoot, mode: "webhook", webhook: { url: "https://chitieu.example.test/zalo/webhook", secret: "zalo-s3cret-webhook-0123456789" }, logger });
    await transport.start({ onMessage: async () => undefined, onStatus: () => undefined });
    cleanups.push(() => transport.stop());
    const sender = createZaloSender({ transport, limits, translator, clock });
    const dispatcher = createDispatcher({ db: t.db, senders: [sender], clock, logger, concurrency: 4, sleep: async (ms) => clock.advance(ms) });
    /** When each sendMessage reached the fake, on the test's clock (refused ones included). */
    const attempts: { chatId: string; at: number }[] = [];
    fake.failWhen((method, p) => {
      if (method === "sendMessage") attempts.push({ chatId: String(p.chat_id), at: clock.now().getTime() });
      return undefined;
    });
    return { db: t.db, clock, fake, dispatcher, attempts, t0: clock.now().getTime() };
  }

  const zaloIds = (n: number) => Array.from({ length: n }, (_, i) => `z${String(i + 1).padStart(19, "0")}`);

  it("sends at most ZALO_RATE_PER_MINUTE in any minute, evenly spaced, each recipient once", async () => {
    const { db, fake, dispatcher, t0 } = await setup();
    const chats = zaloIds(30);
    await addChatAccounts(db, "zalo", chats);
    await enqueueBroadcast(db, { channel: "zalo", broadcastId: 1, chatIds: chats, now: new Date(t0) });
    const stats = await dispatcher.drain();
    expect(stats).toMatchObject({ sent: 30, failed: 0, blocked: 0 });
    expect(await outboxStatusCounts(db, 1)).toEqual({ pending: 0, sending: 0, sent: 30, failed: 0, blocked: 0 });
    expect(chats.every((c) => fake.sentTexts(c).length === 1)).toBe(true);
    const at = fake.deliveries.map((d) => d.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5_000);
    for (const start of at) expect(at.filter((t) => t >= start && t < start + minute).length).toBeLessThanOrEqual(12);
    // 30 messages at 12 a minute: a little under two and a half minutes.
    expect(at.at(-1)! - t0).toBeGreaterThanOrEqual(29 * 5_000);
  });

  it("stops sending on Zalo's rate-limit answer until the wait is over, then finishes with none lost or doubled", async () => {
    const { db, fake, dispatcher, attempts, t0 } = await setup();
    const chats = zaloIds(20);
    await addChatAccounts(db, "zalo", chats);
    await enqueueBroadcast(db, { channel: "zalo", broadcastId: 2, chatIds: chats, now: new Date(t0) });
    let calls = 0;
    const refusedAt: number[] = [];
    fake.failWhen((method) => {
      if (method !== "sendMessage") return undefined;
      calls += 1;
      if (calls !== 6 && calls !== 14) return undefined;
      refusedAt.push(attempts.at(-1)!.at);
      return { error_code: 429, description: "Quota exceeded", retry_after: 120 };
    });
    const stats = await dispatcher.drain();

    expect(refusedAt).toHaveLength(2);
    expect(stats).toMatchObject({ sent: 20, failed: 0, blocked: 0 });
    expect(stats.retried).toBeGreaterThanOrEqual(2);
    expect(await outboxStatusCounts(db, 2)).toEqual({ pending: 0, sending: 0, sent: 20, failed: 0, blocked: 0 });
    expect(chats.map((c) => fake.sentTexts(c).length)).toEqual(chats.map(() => 1));
    // Nothing reached Zalo while it had asked to wait.
    for (const r of refusedAt) expect(attempts.filter((a) => a.at > r && a.at < r + 120_000)).toEqual([]);
    expect(attempts).toHaveLength(22);
  });

  it("keeps ZALO_RATE_PER_CHAT_PER_MINUTE to one person", async () => {
    const { db, fake, dispatcher, t0 } = await setup({ perMinute: 60, perChatPerMinute: 2 });
    const [chat] = zaloIds(1);
    await addChatAccounts(db, "zalo", [chat!]);
    for (let i = 0; i < 4; i++) await enqueueMessage(db, { channel: "zalo", chatId: chat!, kind: "reminder", dedupKey: `r${i}`, payload: { text: `Nhắc lần ${i + 1}` } }, new Date(t0));
    expect((await dispatcher.drain()).sent).toBe(4);
    const at = fake.deliveries.map((d) => d.at);
    expect(at.slice(1).map((t, i) => t - at[i]!).every((gap) => gap >= 30_000)).toBe(true);
    expect(fake.sentTexts(chat)).toEqual(["Nhắc lần 1", "Nhắc lần 2", "Nhắc lần 3", "Nhắc lần 4"]);
  });

  it("marks a recipient who blocked the bot and never asks again; a server error is retried", async () => {
    const { db, fake, dispatcher, attempts, t0 } = await setup({ perMinute: 60, perChatPerMinute: 2 });
    const chats = zaloIds(5);
    await addChatAccounts(db, "zalo", chats);
    await enqueueBroadcast(db, { channel: "zalo", broadcastId: 3, chatIds: chats, now: new Date(t0) });
    let serverErrors = 0;
    fake.failWhen((method, p) => {
      if (method !== "sendMessage") return undefined;
      if (p.chat_id === chats[1]) return { error_code: 403, description: "The user has blocked this bot" };
      if (p.chat_id === chats[3] && serverErrors++ === 0) return { error_code: 500, description: "Internal error" };
      return undefined;
    });
    const stats = await dispatcher.drain();
    expect(stats).toMatchObject({ sent: 4, blocked: 1, failed: 0, transient: 1 });
    expect(attempts.filter((a) => a.chatId === chats[1])).toHaveLength(1);
    expect(await db.select({ chatId: chatAccounts.chatId }).from(chatAccounts).where(isNotNull(chatAccounts.blockedAt)).all()).toEqual([{ chatId: chats[1] }]);
  });

  it("sends a reminder's choices as a numbered list, splits a long one, and does not send a progress edit (Zalo cannot edit)", async () => {
    const { db, fake, dispatcher, t0 } = await setup({ perMinute: 60, perChatPerMinute: 60 });
    const [chat] = zaloIds(1);
    await addChatAccounts(db, "zalo", [chat!]);
    const long = Array.from({ length: 60 }, (_, i) => `• [${i + 1}] Chỉ tiêu số ${i + 1} của đơn vị: còn 3 ngày đến hạn báo cáo`).join("\n");
    const first = (await enqueueMessage(db, { channel: "zalo", chatId: chat!, kind: "reminder", dedupKey: "d1", payload: { text: long, choices: [{ id: "c1", label: "Báo cáo" }, { id: "c2", label: "Nhắc lại sau" }] } }, new Date(t0))).id;
    await dispatcher.drain();
    await enqueueMessage(db, { channel: "zalo", chatId: chat!, kind: "broadcast_progress", dedupKey: "p1", payload: { text: "Đã gửi 3/5", edit: { messageOfOutboxId: first } } }, new Date(t0));
    const stats = await dispatcher.drain();
    expect(stats.sent).toBe(1);
    const texts = fake.sentTexts(chat);
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(2000);
    expect(texts.at(-1)).toMatch(/\n1\. Báo cáo\n2\. Nhắc lại sau\nTrả lời 1 hoặc 2\.$/);
    expect(texts.join("\n")).not.toContain("Đã gửi 3/5");
  });
});

/**
 * The same over the zca-js transport (a personal account, the default), against the fake zca-js
 * client: Zalo's own rate-limit codes (221, 123) pause the whole account for half an hour; strangers
 * (not friends, never wrote) are not written to at all.
 */
describe("a broadcast over a personal Zalo account (zca-js) through the outbox", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(friends: string[]) {
    const t = tempDatabase();
    cleanups.push(t.remove);
    const clock = fixedClock("2026-11-20T02:00:00Z");
    const store = createCredentialsStore({ file: join(t.dir, "zalo-credentials.json") });
    await store.save(savedCredentials);
    const fake = new FakeZca();
    for (const f of friends) fake.friends.add(f);
    const transport = createZcaTransport({ credentialsStore: store, logger, allowGroups: false, zalo: fake.factory, sleep: async () => undefined, now: () => clock.now() });
    await transport.start({ onMessage: async () => undefined, onStatus: () => undefined });
    cleanups.push(() => transport.stop());
    const sender = createZaloSender({ transport, limits: { perMinute: 12, perChatPerMinute: 2 }, translator, clock });
    // One dispatcher alone: while the account is paused it looks again once a minute of clock time, not
    // every second (3,600 polls across the two half-hour pauses took longer than the test's minute on PostgreSQL).
    const dispatcher = createDispatcher({ db: t.db, senders: [sender], clock, logger, concurrency: 4, idlePollMs: 60_000, sleep: async (ms) => clock.advance(ms) });
    return { db: t.db, clock, fake, transport, dispatcher, t0: clock.now().getTime() };
  }

  it("pauses the account on codes 221 and 123 for Zalo's wait, then finishes: none lost, none doubled, strangers never written to", async () => {
    const friends = Array.from({ length: 15 }, (_, i) => `70000000000000000${String(i + 10)}`);
    const stranger = "7999999999999999999";
    const { db, clock, fake, dispatcher, t0 } = await setup(friends);
    const chats = [...friends, stranger];
    await addChatAccounts(db, "zalo", chats);
    await enqueueBroadcast(db, { channel: "zalo", broadcastId: 7, chatIds: chats, now: new Date(t0) });
    // The 4th send is refused with 221, the 9th with 123 (Zalo's "cannot receive messages from you" when throttled).
    let sends = 0;
    const refusedAt: number[] = [];
    const sentAt: number[] = [];
    const api = fake.api;
    const original = api.sendMessage.bind(api);
    api.sendMessage = async (...args: Parameters<typeof api.sendMessage>) => {
      sends += 1;
      sentAt.push(clock.now().getTime());
      if (sends === 4 || sends === 9) {
        refusedAt.push(clock.now().getTime());
        throw zaloError(sends === 4 ? 221 : 123, "Vượt quá số request cho phép");
      }
      return original(...args);
    };
    const stats = await dispatcher.drain();

    expect(refusedAt).toHaveLength(2);
    expect(stats).toMatchObject({ sent: 15, failed: 1 });
    expect(await outboxStatusCounts(db, 7)).toMatchObject({ pending: 0, sending: 0, sent: 15, failed: 1 });
    const delivered = api.sent.map((s) => s.threadId);
    expect([...delivered].sort()).toEqual([...friends].sort());
    expect(delivered).not.toContain(stranger);
    // Nothing reached Zalo during the half-hour pauses it asked for.
    for (const r of refusedAt) expect(sentAt.filter((a) => a > r && a < r + 30 * minute)).toEqual([]);
    expect(clock.now().getTime() - t0).toBeGreaterThanOrEqual(60 * minute);
  });
});
