import type { Config } from "../../src/config.ts";
import { TelegramAdapterError } from "./telegram-adapter-error.ts";

export const telegramWebhookPath = "/telegram/webhook";

/** How the Telegram bot receives updates, decided once from the configuration. */
export type TelegramMode =
  | { type: "off" }
  | { type: "polling"; token: string; apiRoot: string }
  | { type: "webhook"; token: string; apiRoot: string; url: string; secret: string };

export type TelegramConfig = Pick<Config, "TELEGRAM_BOT_TOKEN" | "TELEGRAM_WEBHOOK_SECRET" | "TELEGRAM_API_ROOT" | "PUBLIC_URL">;

/**
 * No token: no bot. A public URL: a webhook, which must carry a secret, or anyone who guesses the
 * URL could post forged updates in a user's name. Otherwise long polling (development, no inbound HTTPS).
 */
export function telegramMode(config: TelegramConfig): TelegramMode {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return { type: "off" };
  const apiRoot = config.TELEGRAM_API_ROOT;
  if (!config.PUBLIC_URL) return { type: "polling", token, apiRoot };
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  if (!secret) {
    throw new TelegramAdapterError(
      "WEBHOOK_SECRET_MISSING",
      "PUBLIC_URL is set, so Telegram will call a webhook, but TELEGRAM_WEBHOOK_SECRET is empty. Set TELEGRAM_WEBHOOK_SECRET to 16–256 characters of A-Z a-z 0-9 _ - (e.g. `openssl rand -hex 32`), or unset PUBLIC_URL to use long polling.",
    );
  }
  return { type: "webhook", token, apiRoot, url: `${config.PUBLIC_URL.replace(/\/+$/, "")}${telegramWebhookPath}`, secret };
}
