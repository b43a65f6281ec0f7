/**
 * npm run bench:broadcast [-- --recipients 5000 --rate 30 --inject-429 0.02 --concurrency 10]
 *
 * A broadcast through the real outbox (SQLite file, dispatcher, Telegram sender over HTTP) to the
 * fake Bot API enforcing Telegram's limits at the same rate (429 with retry_after past `rate` in
 * any second or 1/s per chat), with a share of sends refused with an injected 429 (retry_after 1).
 * Prints the achieved messages/s beside the ceiling, lost and duplicated recipients, and
 * PASS/FAIL against the targets: ≥ 95 % of the ceiling, 0 lost, 0 duplicated. Not a test.
 * With the defaults it takes about three minutes (5,000 messages at 30/s).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { createTelegramSender } from "../bots/telegram/telegram-sender.ts";
import { outboxStatusCounts } from "../db/repositories/outbox-repository.ts";
import { systemClock } from "../src/clock.ts";
import { createLogger } from "../src/logger.ts";
import { createDispatcher } from "../src/outbox/dispatch-outbox.ts";
import { FakeTelegram } from "../tests/support/fake-telegram.ts";
import { tempDatabase } from "../tests/support/temp-database.ts";
import { addChatAccounts, enqueueBroadcast, recipientIds } from "../tests/outbox/outbox-fixtures.ts";

const TARGET_RATIO = 0.95;
const token = "123456789:BENCH-token_abcdefghijklmnopqrstuvwxyz";

const flags = z.object({
  recipients: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  rate: z.coerce.number().min(0.1).max(10_000).default(30),
  "inject-429": z.coerce.number().min(0).max(0.5).default(0.02),
  concurrency: z.coerce.number().int().min(1).max(256).default(10),
});

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { recipients: { type: "string" }, rate: { type: "string" }, "inject-429": { type: "string" }, concurrency: { type: "string" } } });
  const parsed = flags.safeParse(values);
  if (!parsed.success) {
    console.error(`bench:broadcast: ${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return 2;
  }
  const { recipients, rate, concurrency } = parsed.data;
  const injectShare = parsed.data["inject-429"];
  const limits = { perSecond: rate, perChatPerSecond: 1, perGroupPerMinute: 20 };

  const t = tempDatabase();
  const fake = await new FakeTelegram().start();
  try {
    // Telegram's way: 429s past the limits, retry_after in whole seconds.
    fake.enforceLimits({ ...limits, retryAfter: "ceil" });
    const random = seededRandom(57);
    let injected = 0;
    fake.failWhen((method) => {
      if (method !== "sendMessage" || random() >= injectShare) return undefined;
      injected += 1;
      return { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } };
    });

    const chats = recipientIds(recipients);
    await addChatAccounts(t.db, "telegram", chats);
    await enqueueBroadcast(t.db, { broadcastId: 1, chatIds: chats, now: new Date() });
    const sender = createTelegramSender({ token, apiRoot: fake.apiRoot, limits });
    const dispatcher = createDispatcher({ db: t.db, senders: [sender], clock: systemClock, logger: createLogger("warn"), concurrency, idlePollMs: 100 });

    console.log(`bench:broadcast — ${fmt(recipients)} recipients, ceiling ${rate}/s overall and 1/s per chat, ${(injectShare * 100).toFixed(1)} % of sends refused with an injected 429 (retry_after 1), concurrency ${concurrency}`);
    console.log(`expected time at the ceiling: ${(recipients / rate).toFixed(1)} s`);
    const started = performance.now();
    const progress = setInterval(() => void (async () => {
      const sent = (await outboxStatusCounts(t.db, 1)).sent;
      const seconds = (performance.now() - started) / 1000;
      console.log(`  ${seconds.toFixed(0).padStart(4)} s  sent ${fmt(sent)}/${fmt(recipients)}  ${(sent / seconds).toFixed(2)} msg/s`);
    })(), 10_000);
    const stats = await dispatcher.drain().finally(() => clearInterval(progress));
    const seconds = (performance.now() - started) / 1000;

    const received = fake.messagesPerChat();
    const delivered = [...received.values()].reduce((a, b) => a + b, 0);
    const lost = chats.filter((c) => !received.has(c)).length;
    const duplicated = [...received.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
    const achieved = delivered / seconds;
    const ratio = achieved / rate;
    const counts = await outboxStatusCounts(t.db, 1);

    console.log("");
    console.log(`achieved    ${achieved.toFixed(2)} messages/s  (ceiling ${rate}/s: ${(ratio * 100).toFixed(1)} %)   target ≥ ${TARGET_RATIO * 100} %`);
    console.log(`time        ${seconds.toFixed(1)} s for ${fmt(delivered)} messages`);
    console.log(`lost        ${lost}   duplicated ${duplicated}   (outbox: ${fmt(counts.sent)} sent, ${counts.failed} failed, ${counts.blocked} blocked, ${counts.pending + counts.sending} unfinished)`);
    console.log(`429s        ${injected} injected, ${fake.limitRefusals.global} over the overall limit, ${fake.limitRefusals.perChat} over the per-chat limit; dispatcher: ${stats.retried} waited retry_after, ${stats.transient} transient`);
    const ok = ratio >= TARGET_RATIO && lost === 0 && duplicated === 0;
    console.log(ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
  } finally {
    await fake.stop();
    t.remove();
  }
}

/** mulberry32: the same injected 429s on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
