import type { Bot } from "grammy";
import type { Logger } from "pino";
import type { Translator } from "../../src/i18n/translator.ts";
import { registerCommands } from "./commands.ts";
import { describeError } from "./describe-error.ts";
import { telegramMode, type TelegramConfig } from "./telegram-mode.ts";

/** The updates the bot handles; Telegram sends nothing else, so nothing else costs a request. */
export const allowedUpdates = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

export interface StartTelegramOptions {
  bot: Bot;
  config: TelegramConfig;
  logger: Logger;
  /** For the command menu's descriptions (the locales' menu button labels). */
  translator: Translator;
}

export interface TelegramRunning {
  mode: "webhook" | "polling" | "off";
  stop(): Promise<void>;
}

/**
 * Connects the bot to Telegram, after the HTTP server listens (the webhook route is registered
 * earlier, by telegramWebhookRoute in buildApp). Webhook: point Telegram at PUBLIC_URL with the
 * secret. Otherwise: long polling in the background (grammY deletes any webhook first).
 * Rejects when Telegram refuses the token or the webhook; the command menu is only cosmetic.
 */
export async function startTelegram({ bot, config, logger, translator }: StartTelegramOptions): Promise<TelegramRunning> {
  const mode = telegramMode(config);
  if (mode.type === "off") return { mode: "off", stop: async () => undefined };

  if (mode.type === "webhook") {
    await bot.init();
    await bot.api.setWebhook(mode.url, { secret_token: mode.secret, allowed_updates: [...allowedUpdates], drop_pending_updates: false });
    await registerCommandsQuietly(bot, translator, logger);
    logger.info({ url: mode.url, bot: bot.botInfo.username }, "telegram webhook set");
    // Stopping leaves the webhook in place: Telegram keeps the updates and delivers them once we are back.
    return { mode: "webhook", stop: async () => undefined };
  }

  await bot.init();
  await registerCommandsQuietly(bot, translator, logger);
  await new Promise<void>((resolve, reject) => {
    bot
      .start({ allowed_updates: [...allowedUpdates], drop_pending_updates: false, onStart: () => resolve() })
      .catch((err: unknown) => {
        logger.error({ err: describeError(err) }, "telegram long polling stopped");
        reject(err);
      });
  });
  logger.info({ bot: bot.botInfo.username }, "telegram long polling started");
  return { mode: "polling", stop: () => bot.stop() };
}

async function registerCommandsQuietly(bot: Bot, translator: Translator, logger: Logger): Promise<void> {
  try {
    await registerCommands(bot.api, translator);
  } catch (err) {
    logger.warn({ err: describeError(err) }, "telegram command menu not set");
  }
}
