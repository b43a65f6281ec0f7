import { timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { webhookCallback, type Bot } from "grammy";
import type { Update } from "grammy/types";
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

/** The one Bot API call of an update that grammY handed to the webhook's answer (its JSON, method included). */
interface WebhookAnswer {
  json?: string;
}

/**
 * POST /telegram/webhook. A request without the right secret is refused with 401 before its body is
 * read. Otherwise the answer is always 200: the bot's error boundary turns failures into an apology,
 * and a handler slower than the timeout keeps running while Telegram gets its 200 — a 5xx or a
 * timeout would make Telegram deliver the same update again.
 *
 * The webhook reply: the bot lets grammY put one call per update (answerCallbackQuery, see
 * createTelegramBot) in this response's body instead of making it, which Telegram then performs: one
 * request fewer per button press. grammY's fastify adapter would send that body at once, ending the
 * response while the pipeline still runs; here it is kept and sent when grammY is done with the
 * update, so the response ends exactly when it did before — after the turn's commit, its replies
 * and finishUpdate (a crash before then still gets Telegram to deliver the update again). Past the
 * timeout the response has gone: a call grammY hands over then is made as an ordinary request.
 */
export const telegramWebhookRoute: FastifyPluginAsync<TelegramWebhookRouteOptions> = async (app, options) => {
  const { bot, secret, logger } = options;
  const answerLater = (req: FastifyRequest, reply: FastifyReply, answer: WebhookAnswer) => ({
    update: req.body as Update,
    header: stringHeader(req.headers[secretHeader]),
    end: () => void reply.send(""),
    respond: async (json: string) => {
      if (reply.sent) await callDirectly(bot, json);
      else answer.json = json;
    },
    unauthorized: () => void reply.code(401).send({ error: "unauthorized", message: "Missing or wrong X-Telegram-Bot-Api-Secret-Token." }),
  });
  const handleUpdate = webhookCallback(bot, answerLater, {
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
    async (req, reply) => {
      const answer: WebhookAnswer = {};
      // webhookCallback's function is async; its type follows the adapter's handlerReturn, which this one has not.
      await (handleUpdate(req, reply, answer) as Promise<void>);
      // grammY ends the response itself unless it handed a call to it.
      if (!reply.sent && answer.json !== undefined) return reply.type("application/json").send(answer.json);
      return reply;
    },
  );
};

/** A call handed to the webhook's answer once the response had gone (the timeout): made as a request after all. */
async function callDirectly(bot: Bot, json: string): Promise<void> {
  const { method, ...payload } = JSON.parse(json) as { method: string } & Record<string, unknown>;
  await bot.api.raw[method as "answerCallbackQuery"](payload as never);
}

function stringHeader(header: string | string[] | undefined): string | undefined {
  return typeof header === "string" ? header : undefined;
}

function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== "string") return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
