import { afterEach, describe, expect, it } from "vitest";
import { createTelegramSender } from "../../bots/telegram/telegram-sender.ts";
import type { AppDb } from "../../db/app-db.ts";
import { openPostgresAppDb } from "../../db/pg-client.ts";
import { outboxStatusCounts } from "../../db/repositories/outbox-repository.ts";
import { systemClock } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher, type DispatchStats } from "../../src/outbox/dispatch-outbox.ts";
import { enqueueMessage } from "../../src/outbox/enqueue-message.ts";
import { postgresDatabases } from "../support/engines.ts";
import { FakeTelegram, type Delivery } from "../support/fake-telegram.ts";
import { skipPostgres } from "../support/postgres-tests.ts";
import { testBotToken } from "../support/test-app.ts";

const logger = createLogger("silent");
const limits = { perSecond: 30, perChatPerSecond: 1 };

/**
 * Two service instances on one PostgreSQL database, as a deployment runs them: two pools, two
 * dispatchers, one bot. The fake Bot API on 127.0.0.1 enforces Telegram's limits where they count
 * (30 messages in any second over the bot, one a second per chat) and refuses with 429 what exceeds
 * them; the sends are real HTTP, on the real clock.
 */
describe.skipIf(skipPostgres)("send limits shared by every instance on PostgreSQL", { timeout: 180_000 }, () => {
  const postgres = postgresDatabases();
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function twoInstances(limitsScope: "deployment" | "process") {
    const url = await postgres.freshUrl();
    const dbs: AppDb[] = [await openPostgresAppDb(url, { max: 4 }), await openPostgresAppDb(url, { max: 4 })];
    cleanups.push(async () => {
      for (const db of dbs) await db.$executor.close();
    });
    const fake = await new FakeTelegram().start();
    cleanups.push(() => fake.stop());
    fake.enforceLimits({ ...limits, retryAfter: "exact" });
    const dispatchers = dbs.map((db) =>
      createDispatcher({ db, senders: [createTelegramSender({ token: testBotToken, apiRoot: fake.apiRoot, limits, timeoutSeconds: 5 })], clock: systemClock, logger, concurrency: 8, idlePollMs: 20, limitsScope }),
    );
    // A burst: 84 people once each, and one person five times (one a second, at most).
    const now = new Date();
    for (let i = 0; i < 84; i++) await enqueueMessage(dbs[0]!, { channel: "telegram", chatId: String(700_000 + i), kind: "broadcast", dedupKey: `b:${i}`, broadcastId: 1, payload: { text: `Tin ${i}` } }, now);
    for (let i = 0; i < 5; i++) await enqueueMessage(dbs[1]!, { channel: "telegram", chatId: "777", kind: "reminder", dedupKey: `r:${i}`, payload: { text: `Nhắc ${i}` } }, now);
    return { dbs, fake, dispatchers };
  }

  it("two dispatchers sending one burst stay together within 30 messages in any second and one a second per chat, as measured at the Bot API", async () => {
    const { dbs, fake, dispatchers } = await twoInstances("deployment");
    const started = performance.now();
    const stats: DispatchStats[] = await Promise.all(dispatchers.map((d) => d.drain({ timeoutMs: 60_000 })));
    const seconds = (performance.now() - started) / 1000;

    expect(fake.limitRefusals).toEqual({ global: 0, perChat: 0, perGroup: 0 });
    const sends = fake.deliveries.filter((d) => d.method === "sendMessage");
    expect(sends).toHaveLength(89);
    expect(maxInAnyWindow(sends, 1000)).toBeLessThanOrEqual(30);
    const toOne = sends.filter((d) => d.chatId === "777").map((d) => d.at);
    expect(toOne).toHaveLength(5);
    for (let i = 1; i < toOne.length; i++) expect(toOne[i]! - toOne[i - 1]!).toBeGreaterThanOrEqual(1000);
    expect(stats.map((s) => s.sent).reduce((a, b) => a + b)).toBe(89);
    expect(stats.every((s) => s.sent > 0), "both instances sent").toBe(true);
    expect(await outboxStatusCounts(dbs[1]!, 1)).toMatchObject({ sent: 84, pending: 0, sending: 0 });
    // 89 messages at 30 in any second: no less than two seconds; the one chat's five take four.
    expect(seconds).toBeGreaterThan(4);
    console.info(`two instances, one burst of 89: ${seconds.toFixed(2)} s, busiest second ${maxInAnyWindow(sends, 1000)} sends, refusals ${JSON.stringify(fake.limitRefusals)}, sent ${stats.map((s) => s.sent).join(" + ")}`);
  });

  it("(why) with each instance counting only its own sends, the two together go past the limit and are refused", async () => {
    const { fake, dispatchers } = await twoInstances("process");
    await Promise.all(dispatchers.map((d) => d.drain({ timeoutMs: 60_000 })));
    const sends = fake.deliveries.filter((d) => d.method === "sendMessage");
    expect(sends).toHaveLength(89);
    expect(fake.limitRefusals.global).toBeGreaterThan(0);
    console.info(`per-process limits: refusals ${JSON.stringify(fake.limitRefusals)}`);
  });
});

/** The most deliveries inside any window of `ms` (a window starts at a delivery). */
function maxInAnyWindow(sends: Delivery[], ms: number): number {
  const at = sends.map((d) => d.at).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i]! - at[j]! >= ms) j += 1;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
