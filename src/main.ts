import { closeDatabase, type Db } from "../db/client.ts";
import { startWalCheckpointer } from "../db/wal-checkpointer.ts";
import { loadDemoData } from "../db/seed/load-demo-data.ts";
import { setProvinceTrackFrom } from "./services/unit-standing.ts";
import { startOfVnDay } from "./domain/vn-time.ts";
import { findDemoPeople } from "../db/seed/find-demo-people.ts";
import { createTelegramBot } from "../bots/telegram/create-telegram-bot.ts";
import { startTelegram } from "../bots/telegram/start-telegram.ts";
import { telegramMode } from "../bots/telegram/telegram-mode.ts";
import { TelegramAdapterError } from "../bots/telegram/telegram-adapter-error.ts";
import { buildApp, devChatEnabled } from "./app.ts";
import { createTranslator } from "./i18n/translator.ts";
import { createChatHost } from "./services/chat-host.ts";
import { consoleBaseUrl } from "./console/console-auth.ts";
import { systemClock } from "./clock.ts";
import { ConfigError, demoWanted, loadConfig, type Config } from "./config.ts";
import { loadDotEnv } from "./load-dot-env.ts";
import { openConfiguredDatabase } from "./open-configured-database.ts";
import { secureDataFolder } from "./secure-data-folder.ts";
import { createLogger } from "./logger.ts";
import { scheduleJobs } from "./jobs/schedule-jobs.ts";
import { createDispatcher } from "./outbox/dispatch-outbox.ts";
import { createOutboxSenders } from "../bots/create-outbox-senders.ts";
import { chatFileDelivery } from "./services/chat-files.ts";
import { createZaloBotApiTransport } from "../bots/zalo/bot-api/create-zalo-bot-api-transport.ts";
import { zaloBotApiMode } from "../bots/zalo/bot-api/zalo-bot-api-mode.ts";
import { startZalo } from "../bots/zalo/start-zalo.ts";
import { alertCoordinatorsInBackground } from "./services/alert-coordinators.ts";
import { createChannelStatus } from "./services/channel-status.ts";
import { calendarOfConfig } from "./services/calendar-of-config.ts";
import { redactDatabaseUrl } from "./redact-database-url.ts";

/** Composition root, in pipeline order: config → database → demo data → HTTP → shutdown hooks. */
async function main(): Promise<void> {
  loadDotEnv();
  let config: Config;
  let telegram: ReturnType<typeof telegramMode>;
  let zaloBot: ReturnType<typeof zaloBotApiMode>;
  try {
    config = loadConfig();
    telegram = telegramMode(config);
    zaloBot = zaloBotApiMode(config);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof TelegramAdapterError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const clock = systemClock;
  // Whatever the service writes (database, evidence, credentials, QR images) is for its own user only.
  process.umask(0o077);
  secureDataFolder(config.DATA_DIR);
  const db = await openConfiguredDatabase(config);
  logger.info({ database: config.DATABASE_URL ? redactDatabaseUrl(config.DATABASE_URL) : config.databaseFile, engine: db.$executor.engine }, "database ready (migrations applied)");
  // SQLite only: WAL checkpoints (page copies and an fsync) on a thread of their own, not in a webhook's commit.
  const checkpointer = db.$executor.engine === "sqlite" ? startWalCheckpointer(db, config.databaseFile, { onError: (message) => logger.warn({ err: message }, "WAL checkpoint failed; the next one tries again") }) : undefined;

  const translator = createTranslator(config.DEFAULT_LOCALE);
  if (config.NODE_ENV === "production") {
    const demoPeople = await findDemoPeople(db);
    if (demoPeople.length > 0) {
      const params = { count: demoPeople.length, names: demoPeople.map((p) => p.name).join(", "), command: "npm run -s cli -- demo remove" };
      logger.fatal({ demoPeople: demoPeople.length }, "demo people in a production database: refusing to serve");
      process.stderr.write(`${translator.t(config.DEFAULT_LOCALE, { key: "ops.demo.refuseProduction", params })}\n`);
      await closeDatabase(db);
      process.exit(78);
    }
  }
  // TRACK_FROM in the environment is the province's "track from" (src/domain/reporting-duty.ts): written
  // where the chat, the reminders, the read model and the CLI all read it.
  if (config.TRACK_FROM && (await setProvinceTrackFrom(db, config.TRACK_FROM, { personId: null, name: "TRACK_FROM" }, clock.now())).changed) {
    logger.info({ trackFrom: config.TRACK_FROM.toISOString() }, "province track-from set from TRACK_FROM");
  }
  if (demoWanted(config)) {
    const demo = await loadDemoData(db, clock.now());
    if (demo.loaded) logger.info({ plans: demo.plans, people: demo.people }, "empty database: demo catalogue and people loaded");
    // The demo starts tracking the day it is loaded: its first screen shows what is due, not months of "overdue".
    if (demo.loaded && !config.TRACK_FROM) await setProvinceTrackFrom(db, startOfVnDay(clock.now()), { personId: null, name: "demo" }, clock.now());
  }

  const chat = createChatHost({ db, clock, translator, logger, defaultLocale: config.DEFAULT_LOCALE, sessionTtlMinutes: config.SESSION_TTL_MINUTES, groupsEnabled: config.GROUPS_ENABLED, calendar: calendarOfConfig(config), consoleBaseUrl: consoleBaseUrl(config) });
  const telegramBot =
    telegram.type === "off"
      ? undefined
      : createTelegramBot({ token: telegram.token, apiRoot: telegram.apiRoot, chat, translator, logger: logger.child({ channel: "telegram" }), defaultLocale: config.DEFAULT_LOCALE, ...(config.DOWNLOAD_EVIDENCE ? { evidence: { dataDir: config.DATA_DIR } } : {}) });
  // Each channel reports here (up, down since when and why); /healthz reads it; an outage reaches the coordinators once.
  const alerts = alertCoordinatorsInBackground({ db, clock }, logger);
  const channelStatus = createChannelStatus({ clock, logger, alert: alerts });
  const zaloLogger = logger.child({ channel: "zalo" });
  const zaloBotApi =
    zaloBot.type === "off"
      ? undefined
      : createZaloBotApiTransport({ token: zaloBot.token, apiRoot: zaloBot.apiRoot, mode: zaloBot.type, ...(zaloBot.type === "webhook" ? { webhook: { url: zaloBot.url, secret: zaloBot.secret } } : {}), logger: zaloLogger });
  const zaloWebhook = zaloBot.type === "webhook" && zaloBotApi ? { secret: zaloBot.secret, handleUpdate: (body: unknown) => zaloBotApi.handleUpdate(body), status: () => channelStatus.get("zalo") } : undefined;
  const app = await buildApp({ config, db, clock, logger, chat, translator, ...(telegramBot ? { telegramBot } : {}), ...(zaloWebhook ? { zaloWebhook } : {}), channelStatus });
  await app.listen({ host: config.HOST, port: config.PORT });
  const base = `http://${config.HOST}:${(app.server.address() as { port: number }).port}`;
  logger.info(`chitieu is up: ${base}/healthz`);
  if (devChatEnabled(config)) logger.info(`dev chat: ${base}/dev (or: npm run chat -- --as 0912000001)`);
  const telegramRunning = telegramBot ? await startTelegram({ bot: telegramBot, config, logger, translator }) : undefined;
  logger.info(telegramRunning ? `Telegram is on (${telegramRunning.mode})` : "Telegram is off: set TELEGRAM_BOT_TOKEN to connect a bot");
  if (telegramRunning && telegramRunning.mode !== "off") channelStatus.up("telegram", telegramRunning.mode);
  else channelStatus.off("telegram", "TELEGRAM_BOT_TOKEN not set");
  const zalo = await startZalo({ config, db, chat, translator, clock, logger: zaloLogger, channelStatus, zca: { alertCoordinators: alerts }, ...(zaloBotApi ? { botApi: zaloBotApi } : {}) });

  // Reminders, escalations and broadcasts leave through the outbox, one sender per channel.
  const outbox = createDispatcher({ db, clock, logger: logger.child({ module: "outbox" }), senders: createOutboxSenders(config, { files: chatFileDelivery({ config, db, translator, clock }), ...(zalo ? { zalo: { transport: zalo.transport, translator, clock } } : {}) }), maxAttempts: config.OUTBOX_MAX_ATTEMPTS, defaultLocale: config.DEFAULT_LOCALE });
  outbox.start();
  const stopJobs = scheduleJobs({ db, clock, logger, config, translator });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await stopJobs();
      await outbox.stop();
      await zalo?.stop();
      await telegramRunning?.stop();
      await app.close();
      await alerts.settled();
    } finally {
      await checkpointer?.stop();
      await closeDatabase(db);
      logger.info("stopped");
      process.exit(0);
    }
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  process.stderr.write(`chitieu failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
