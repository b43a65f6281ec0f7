import Fastify from "fastify";
import type { Bot } from "grammy";
import { telegramMode } from "../bots/telegram/telegram-mode.ts";
import { telegramWebhookRoute } from "./http/telegram-webhook-route.ts";
import { zaloWebhookRoute, type ZaloWebhookRouteOptions } from "./http/zalo-webhook-route.ts";
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import { drainUnreadBody } from "./http/drain-unread-body.ts";
import { redactUrl } from "./redact-url.ts";
import { healthRoutes } from "./http/health-routes.ts";
import { adminRoutes } from "./http/admin-routes.ts";
import type { ChatService } from "./chat/chat-service.ts";
import type { Translator } from "./i18n/translator.ts";
import type { ChannelStatusRegistry } from "./services/channel-status.ts";
import { devChatRoutes } from "../bots/devchat/dev-chat-routes.ts";
import { fileLinkRoutes } from "./http/file-link-routes.ts";
import { fileLinksOf, outboxFilesDir } from "./services/file-links.ts";
import { consoleRoutes } from "./console/console-routes.ts";

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  chat: ChatService;
  translator: Translator;
  /** Present when a Telegram token is configured; in webhook mode its route is registered here. */
  telegramBot?: Bot;
  /** Present when the official Zalo bot runs in webhook mode: POST /zalo/webhook hands updates to its transport. */
  zaloWebhook?: Omit<ZaloWebhookRouteOptions, "logger">;
  /** What each channel last reported (up, down since when and why): /healthz shows it. */
  channelStatus?: ChannelStatusRegistry;
  /** Requests per minute and address on the console's login routes (default 20; tests lower it). */
  consoleLoginRateLimit?: number;
}

/** The dev chat is on when asked for, or by default when no bot token is set; never in production. */
export function devChatEnabled(config: Config): boolean {
  if (config.NODE_ENV === "production") return false;
  return config.DEV_CHAT ?? !config.TELEGRAM_BOT_TOKEN;
}

/** The HTTP plugin tree. Built by a function so tests drive it with app.inject or a real port 0. */
export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: 1_048_576,
    ...(deps.config.TRUST_PROXY ? { trustProxy: deps.config.TRUST_PROXY } : {}),
  });
  app.addHook("onSend", drainUnreadBody);
  // Fastify's own 404 logs the full URL ("Route GET:/…?user=0912… not found"); this one logs nothing of it.
  app.setNotFoundHandler(async (req, reply) =>
    reply.code(404).send({ error: "not_found", message: `No route for ${req.method} ${redactUrl(req.url).split("?")[0]}.` }),
  );
  await app.register(healthRoutes, { deps });
  await app.register(adminRoutes, { deps, prefix: "/api" });
  const telegram = telegramMode(deps.config);
  if (deps.telegramBot && telegram.type === "webhook") {
    await app.register(telegramWebhookRoute, { bot: deps.telegramBot, secret: telegram.secret, logger: deps.logger });
  }
  if (deps.zaloWebhook) await app.register(zaloWebhookRoute, { ...deps.zaloWebhook, logger: deps.logger });
  await app.register(consoleRoutes, {
    config: deps.config,
    db: deps.db,
    clock: deps.clock,
    translator: deps.translator,
    ...(deps.consoleLoginRateLimit ? { loginRateLimit: deps.consoleLoginRateLimit } : {}),
    ...(deps.config.ZALO_TRANSPORT === "zca" ? { zaloLogin: { config: deps.config, logger: deps.logger } } : {}),
  });
  if (devChatEnabled(deps.config)) await app.register(devChatRoutes, { chat: deps.chat, db: deps.db });
  // Download links for files a channel cannot upload (the official Zalo bot): only with a public URL to give out.
  if (deps.config.PUBLIC_URL) await app.register(fileLinkRoutes, { links: fileLinksOf(deps.config, deps.clock), dir: outboxFilesDir(deps.config.DATA_DIR) });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
