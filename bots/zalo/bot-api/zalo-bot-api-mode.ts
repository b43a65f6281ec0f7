import { ConfigError, type Config } from "../../../src/config.ts";

export const zaloWebhookPath = "/zalo/webhook";

/** How the official Zalo bot receives messages, decided once from the configuration. */
export type ZaloBotApiMode =
  | { type: "off" }
  | { type: "polling"; token: string; apiRoot: string }
  | { type: "webhook"; token: string; apiRoot: string; url: string; secret: string };

export type ZaloBotApiConfig = Pick<Config, "ZALO_TRANSPORT" | "ZALO_BOT_TOKEN" | "ZALO_BOT_API_ROOT" | "ZALO_WEBHOOK_SECRET" | "PUBLIC_URL">;

/**
 * Off unless ZALO_TRANSPORT=bot-api, which needs ZALO_BOT_TOKEN. A webhook when PUBLIC_URL and
 * ZALO_WEBHOOK_SECRET are both set (never without a secret: anyone who guessed the URL could post
 * messages in a user's name); otherwise long polling, which needs no inbound HTTPS.
 */
export function zaloBotApiMode(config: ZaloBotApiConfig): ZaloBotApiMode {
  if (config.ZALO_TRANSPORT !== "bot-api") return { type: "off" };
  const token = config.ZALO_BOT_TOKEN;
  if (!token) {
    throw new ConfigError(
      "ZALO_TRANSPORT=bot-api needs ZALO_BOT_TOKEN: the token Zalo Bot Manager gave when the bot was created (Zalo app → \"Zalo Bot Manager\" → your bot). Set ZALO_BOT_TOKEN, or ZALO_TRANSPORT=off.",
    );
  }
  const apiRoot = config.ZALO_BOT_API_ROOT;
  if (!config.PUBLIC_URL || !config.ZALO_WEBHOOK_SECRET) return { type: "polling", token, apiRoot };
  return { type: "webhook", token, apiRoot, url: `${config.PUBLIC_URL.replace(/\/+$/, "")}${zaloWebhookPath}`, secret: config.ZALO_WEBHOOK_SECRET };
}
