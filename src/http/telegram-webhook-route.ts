import { timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import { webhookCallback, type Bot } from "grammy";
import type { Logger } from "pino";
import { telegramWebhookPath } from "../../bots/telegram/telegram-mode.ts";

export interface TelegramWebhookRouteOptions {
  bot: Bot;
  /** TELEGRAM_WEBHOOK_SECRET: Telegram echoes it in X-Telegram-Bot-Api-Secret-Token. */
  secret: string;
  logger: Logger;
  /** How long Telegram's request waits for the handler before it gets its 200 anyway. */
  timeoutMilliseconds?: number;
}

const secretHeader = "x-telegram-bot-api-secret-token";

/** Telegram's update, checked only as far as this route relies on; grammY reads the rest. */
const updateBody = {
  type: "object",
  required: ["update_id"],
  properties: { update_id: { type: "integer", minimum: 0 } },
} as const;

/**
 * POST /telegram/webhook. A request without the right secret is refused with 401 before its body is
 * read. Otherwise the answer is always 200: the bot's error boundary turns failures into an apology,
 * and a handler slower than the timeout keeps running while Telegram gets its 200 — a 5xx or a
 * timeout would make Telegram deliver the same update again.
 */
export const telegramWebhookRoute: FastifyPluginAsync<TelegramWebhookRouteOptions> = async (app, options) => {
  const { bot, secret, logger } = options;
  const handleUpdate = webhookCallback(bot, "fastify", {
    // grammY checks the secret too; ours runs first, before the body is parsed.
    secretToken: secret,
    timeoutMilliseconds: options.timeoutMilliseconds ?? 10_000,
    onTimeout: () => logger.warn("telegram update still running after the webhook timeout: answered 200, the reply follows"),
  });

  app.post(
    telegramWebhookPath,
    {
      schema: { body: updateBody },
      onRequest: async (req, reply) => {
        if (!secretMatches(req.headers[secretHeader], secret)) {
          await reply.code(401).send({ error: "unauthorized", message: "Missing or wrong X-Telegram-Bot-Api-Secret-Token." });
        }
      },
    },
    async (req, reply) => handleUpdate(req, reply),
  );
};

function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== "string") return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
