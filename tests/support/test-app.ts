import { createTelegramBot } from "../../bots/telegram/create-telegram-bot.ts";
import { loadDemoData } from "../../db/seed/load-demo-data.ts";
import type { UserFromGetMe } from "grammy/types";
import { FakeTelegram } from "./fake-telegram.ts";
import { buildApp, type App } from "../../src/app.ts";
import { fixedClock } from "../../src/clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { createChatHost } from "../../src/services/chat-host.ts";
import { closeDatabase } from "../../db/client.ts";
import { startWalCheckpointer } from "../../db/wal-checkpointer.ts";
import { tempDatabase, tempDemoDatabase } from "./temp-database.ts";
import { testConfig } from "./test-config.ts";
import { FakeZaloBotApi } from "./fake-zalo-bot-api.ts";
import { createZaloBotApiTransport } from "../../bots/zalo/bot-api/create-zalo-bot-api-transport.ts";
import { connectZaloChat, type ZaloChatConnection } from "../../bots/zalo/connect-zalo-chat.ts";
import { calendarOfConfig } from "../../src/services/calendar-of-config.ts";

/**
 * The whole service on a real SQLite file in a temp folder and a real port 0, under a clock the
 * test moves. `demo: true` loads the demo province first.
 */
export const testBotToken = "123456789:TEST-token_abcdefghijklmnopqrstuvwxyz";
export const testWebhookSecret = "s3cret-webhook-token-0123456789";
export const testZaloBotToken = "1459232241454765289:zalo-test-token-abcdefghij";
export const testZaloWebhookSecret = "zalo-s3cret-webhook-0123456789";

export async function startTestApp(
  opts: {
    env?: Record<string, string>;
    demo?: boolean;
    now?: string;
    telegram?: boolean;
    dir?: string;
    /** With telegram: a Bot API already running elsewhere instead of an in-process FakeTelegram (the bench runs its fake in another process). */
    telegramApi?: { apiRoot: string; botInfo: UserFromGetMe };
    /** The official Zalo bot in webhook mode (POST /zalo/webhook), talking to a fake Zalo Bot API on 127.0.0.1. */
    zalo?: boolean;
    /** WAL checkpoints on their own thread, as src/main.ts runs them (db/wal-checkpointer.ts): the bench, which should measure the server as it runs. */
    walCheckpointer?: boolean;
  } = {},
) {
  const clock = fixedClock(opts.now ?? "2026-11-20T02:00:00Z");
  const t = opts.demo && !opts.dir ? await tempDemoDatabase(clock.now()) : tempDatabase(opts.dir);
  // Console login links (/web) point at the port the app listens on, known after listen.
  let consoleBase = "http://127.0.0.1:0";
  const checkpointer = opts.walCheckpointer ? startWalCheckpointer(t.db, t.file) : undefined;
  // With telegram: the real bot in webhook mode, talking to a fake Bot API on 127.0.0.1.
  const fake = opts.telegram && !opts.telegramApi ? await new FakeTelegram().start() : undefined;
  const api = opts.telegram ? (opts.telegramApi ?? fake) : undefined;
  const telegramEnv: Record<string, string> = api
    ? { TELEGRAM_BOT_TOKEN: testBotToken, TELEGRAM_WEBHOOK_SECRET: testWebhookSecret, PUBLIC_URL: "https://chitieu.example.test", TELEGRAM_API_ROOT: api.apiRoot, DEV_CHAT: "true" }
    : {};
  const zaloFake = opts.zalo ? await new FakeZaloBotApi().start() : undefined;
  const zaloEnv: Record<string, string> = zaloFake
    ? { ZALO_TRANSPORT: "bot-api", ZALO_BOT_TOKEN: testZaloBotToken, ZALO_WEBHOOK_SECRET: testZaloWebhookSecret, PUBLIC_URL: "https://chitieu.example.test", ZALO_BOT_API_ROOT: zaloFake.apiRoot }
    : {};
  const config = testConfig(t.dir, { ...telegramEnv, ...zaloEnv, ...opts.env });
  const logger = createLogger("silent");
  if (opts.demo) await loadDemoData(t.db, clock.now());
  const translator = createTranslator(config.DEFAULT_LOCALE);
  const chat = createChatHost({ db: t.db, clock, translator, logger, defaultLocale: config.DEFAULT_LOCALE, sessionTtlMinutes: config.SESSION_TTL_MINUTES, groupsEnabled: config.GROUPS_ENABLED, calendar: calendarOfConfig(config), consoleBaseUrl: () => consoleBase });
  const telegramBot = api
    ? createTelegramBot({ token: testBotToken, apiRoot: api.apiRoot, botInfo: api.botInfo, chat, translator, logger, defaultLocale: config.DEFAULT_LOCALE, ...(config.DOWNLOAD_EVIDENCE ? { evidence: { dataDir: config.DATA_DIR } } : {}) })
    : undefined;
  const zaloTransport = zaloFake
    ? createZaloBotApiTransport({ token: testZaloBotToken, apiRoot: zaloFake.apiRoot, mode: "webhook", webhook: { url: "https://chitieu.example.test/zalo/webhook", secret: testZaloWebhookSecret }, logger })
    : undefined;
  const zaloWebhook = zaloTransport ? { secret: testZaloWebhookSecret, handleUpdate: (body: unknown) => zaloTransport.handleUpdate(body), timeoutMilliseconds: 20_000 } : undefined;
  const app: App = await buildApp({ config, db: t.db, clock, logger, chat, translator, ...(telegramBot ? { telegramBot } : {}), ...(zaloWebhook ? { zaloWebhook } : {}) });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as { port: number };
  consoleBase = `http://127.0.0.1:${port}`;
  let zaloConnection: ZaloChatConnection | undefined;
  if (zaloTransport) {
    zaloConnection = await connectZaloChat({ transport: zaloTransport, chat, translator, logger, defaultLocale: config.DEFAULT_LOCALE, allowGroups: config.ZALO_GROUPS });
  }
  return {
    app,
    db: t.db,
    dir: t.dir,
    clock,
    chat,
    config,
    translator,
    base: `http://127.0.0.1:${port}`,
    fake,
    /** POSTs an update to the webhook as Telegram does, with the secret header. */
    postUpdate: (update: unknown, secret: string | null = testWebhookSecret) =>
      fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }) },
        body: JSON.stringify(update),
      }),
    /** With zalo: the fake Zalo Bot API and the transport the service runs. */
    zalo: zaloFake && zaloTransport ? { fake: zaloFake, transport: zaloTransport } : undefined,
    /** POSTs a Zalo Bot API webhook body to POST /zalo/webhook, with the secret header. */
    postZaloUpdate: (body: unknown, secret: string | null = testZaloWebhookSecret) =>
      fetch(`http://127.0.0.1:${port}/zalo/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-bot-api-secret-token": secret }) },
        body: JSON.stringify(body),
      }),
    async close(keepFiles = false) {
      await zaloConnection?.stop();
      await app.close();
      await fake?.stop();
      await zaloFake?.stop();
      await checkpointer?.stop();
      if (keepFiles) await closeDatabase(t.db);
      else t.remove();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;
