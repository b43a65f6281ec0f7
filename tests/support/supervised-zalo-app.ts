import { calendarOfConfig } from "../../src/services/calendar-of-config.ts";
import { eq } from "drizzle-orm";
import type { Update } from "grammy/types";
import { createTelegramBot } from "../../bots/telegram/create-telegram-bot.ts";
import { createZaloBotApiTransport } from "../../bots/zalo/bot-api/create-zalo-bot-api-transport.ts";
import { zaloBotApiMode } from "../../bots/zalo/bot-api/zalo-bot-api-mode.ts";
import { startZalo, type ZaloRunning } from "../../bots/zalo/start-zalo.ts";
import { credentialsStoreFor } from "../../bots/zalo/zca/credentials-store.ts";
import { ensureChatAccount, linkChatAccount } from "../../db/repositories/chat-repository.ts";
import { findPersonByPhone } from "../../db/repositories/people-repository.ts";
import { outbox } from "../../db/schema.ts";
import { buildApp } from "../../src/app.ts";
import { fixedClock } from "../../src/clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { alertCoordinatorsInBackground } from "../../src/services/alert-coordinators.ts";
import { createChannelStatus, type ChannelStatus } from "../../src/services/channel-status.ts";
import { createChatHost } from "../../src/services/chat-host.ts";
import { FakeTelegram } from "./fake-telegram.ts";
import { FakeZaloBotApi } from "./fake-zalo-bot-api.ts";
import { FakeZca, savedCredentials } from "./fake-zca.ts";
import { GatedSleep } from "./gated-sleep.ts";
import { tempDemoDatabase } from "./temp-database.ts";
import { testBotToken, testWebhookSecret, testZaloBotToken, testZaloWebhookSecret } from "./test-app.ts";
import { asSent } from "./as-sent.ts";
import { testConfig } from "./test-config.ts";

/** The coordinator of the demo province, linked on Telegram: where Zalo outages are told. */
export const coordinatorTelegramId = 300003;

/**
 * The service wired as src/main.ts wires it — one channel-status registry with the coordinators'
 * alert, the HTTP app with Telegram's webhook, the dev chat and (bot-api) Zalo's webhook, then
 * startZalo — on a real SQLite file and real ports, against a fake Telegram, a fake Zalo Bot API
 * and a fake zca-js. Waits between attempts go through a GatedSleep the test releases.
 */
export async function startSupervisedZaloApp(opts: { transport: "bot-api" | "zca"; publicUrl?: string; beforeStart?: (fakes: { zalo: FakeZaloBotApi; zca: FakeZca }) => void }) {
  const clock = fixedClock("2026-11-20T02:00:00Z");
  const t = await tempDemoDatabase(clock.now());
  const telegram = await new FakeTelegram().start();
  const zaloApi = await new FakeZaloBotApi().start();
  const zca = new FakeZca();
  const publicUrl = opts.publicUrl ?? "https://chitieu.example.test";
  const config = testConfig(t.dir, {
    TELEGRAM_BOT_TOKEN: testBotToken,
    TELEGRAM_WEBHOOK_SECRET: testWebhookSecret,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    PUBLIC_URL: publicUrl,
    DEV_CHAT: "true",
    ZALO_TRANSPORT: opts.transport,
    ...(opts.transport === "bot-api" ? { ZALO_BOT_TOKEN: testZaloBotToken, ZALO_WEBHOOK_SECRET: testZaloWebhookSecret, ZALO_BOT_API_ROOT: zaloApi.apiRoot } : {}),
  });
  if (opts.transport === "zca") await credentialsStoreFor(config).save(savedCredentials);
  const coordinator = (await findPersonByPhone(t.db, "0912000003"))!;
  const account = await ensureChatAccount(t.db, { channel: "telegram", accountId: "", externalUserId: String(coordinatorTelegramId) });
  await linkChatAccount(t.db, account.id, coordinator.id, clock.now());

  const logger = createLogger("silent");
  const translator = createTranslator(config.DEFAULT_LOCALE);
  const chat = createChatHost({ db: t.db, clock, translator, logger, defaultLocale: config.DEFAULT_LOCALE, sessionTtlMinutes: config.SESSION_TTL_MINUTES, groupsEnabled: config.GROUPS_ENABLED, calendar: calendarOfConfig(config) });
  const backgroundAlerts = alertCoordinatorsInBackground({ db: t.db, clock }, logger);
  const channelStatus = createChannelStatus({ clock, logger, alert: backgroundAlerts });
  const telegramBot = createTelegramBot({ token: testBotToken, apiRoot: telegram.apiRoot, botInfo: telegram.botInfo, chat, translator, logger, defaultLocale: config.DEFAULT_LOCALE });
  const zaloBot = zaloBotApiMode(config);
  const botApi =
    zaloBot.type === "off"
      ? undefined
      : createZaloBotApiTransport({ token: zaloBot.token, apiRoot: zaloBot.apiRoot, mode: zaloBot.type, ...(zaloBot.type === "webhook" ? { webhook: { url: zaloBot.url, secret: zaloBot.secret } } : {}), logger });
  const zaloWebhook =
    zaloBot.type === "webhook" && botApi ? { secret: zaloBot.secret, handleUpdate: (body: unknown) => botApi.handleUpdate(body), status: () => channelStatus.get("zalo"), timeoutMilliseconds: 20_000 } : undefined;
  const app = await buildApp({ config, db: t.db, clock, logger, chat, translator, telegramBot, channelStatus, ...(zaloWebhook ? { zaloWebhook } : {}) });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  channelStatus.up("telegram", "webhook");
  opts.beforeStart?.({ zalo: zaloApi, zca });
  const gate = new GatedSleep();
  const zalo: ZaloRunning | undefined = await startZalo({
    config,
    db: t.db,
    chat,
    translator,
    clock,
    logger,
    channelStatus,
    ...(botApi ? { botApi } : {}),
    sleep: gate.sleep,
    zca: { zalo: zca.factory, sleep: (ms) => gate.sleep(ms), alertCoordinators: backgroundAlerts },
  });

  let telegramUpdateId = 1;
  return {
    db: t.db,
    clock,
    base,
    gate,
    zalo,
    zaloApi,
    zca,
    telegram,
    channelStatus,
    async health(): Promise<{ status: string; channels: Record<string, ChannelStatus> }> {
      return (await fetch(`${base}/healthz`)).json() as Promise<{ status: string; channels: Record<string, ChannelStatus> }>;
    },
    /** The coordinators' alerts queued in the outbox (notices), with their text as the sender renders it. */
    async alerts(): Promise<{ channel: string; chatId: string; text: string }[]> {
      await backgroundAlerts.settled();
      return (await t.db
        .select()
        .from(outbox)
        .where(eq(outbox.kind, "notice"))
        .all())
        .map((r) => ({ channel: r.channel, chatId: r.chatId, text: asSent(r).text }));
    },
    postZalo: (body: unknown) =>
      fetch(`${base}/zalo/webhook`, { method: "POST", headers: { "content-type": "application/json", "x-bot-api-secret-token": testZaloWebhookSecret }, body: JSON.stringify(body) }),
    /** A message on Telegram from `from` (official 501 by default): answered by the real bot through its webhook. */
    async telegramSays(update: (id: number) => Update): Promise<string[]> {
      const before = telegram.callsOf("sendMessage").length;
      const res = await fetch(`${base}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": testWebhookSecret },
        body: JSON.stringify(update(telegramUpdateId++)),
      });
      if (res.status !== 200) throw new Error(`telegram webhook answered ${res.status}`);
      return telegram.callsOf("sendMessage").slice(before).map((c) => String(c.payload.text));
    },
    async devChat(user: string, text: string): Promise<string[]> {
      const res = await fetch(`${base}/dev/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user, text }) });
      if (res.status !== 200) throw new Error(`dev chat answered ${res.status}`);
      return ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text);
    },
    async close() {
      gate.open();
      await zalo?.stop();
      await app.close();
      await backgroundAlerts.settled();
      await telegram.stop();
      await zaloApi.stop();
      t.remove();
    },
  };
}

export type SupervisedZaloApp = Awaited<ReturnType<typeof startSupervisedZaloApp>>;
