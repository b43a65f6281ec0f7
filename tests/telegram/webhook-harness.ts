import Fastify, { type FastifyInstance } from "fastify";
import pino, { type Logger } from "pino";
import { createTelegramBot } from "../../bots/telegram/create-telegram-bot.ts";
import type { ChatService } from "../../src/chat/chat-service.ts";
import { telegramWebhookRoute } from "../../src/http/telegram-webhook-route.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { ScriptedChat } from "./scripted-chat.ts";

export const testToken = "123456789:TEST-token_abcdefghijklmnopqrstuvwxyz";
export const testSecret = "s3cret-webhook-token-0123456789";

export interface WebhookHarness<C extends ChatService = ScriptedChat> {
  fake: FakeTelegram;
  chat: C;
  app: FastifyInstance;
  /** Every log line, as JSON text. */
  logs: string[];
  post(update: unknown, secret?: string | null): Promise<Response>;
  close(): Promise<void>;
}

/** A fake Bot API, the bot, and a Fastify app with the webhook route on a real port 0. */
export function startWebhookHarness(options?: { timeoutMilliseconds?: number }): Promise<WebhookHarness>;
export function startWebhookHarness<C extends ChatService>(options: { timeoutMilliseconds?: number; chat: C }): Promise<WebhookHarness<C>>;
export async function startWebhookHarness(options: { timeoutMilliseconds?: number; chat?: ChatService } = {}): Promise<WebhookHarness<ChatService>> {
  const fake = await new FakeTelegram().start();
  const chat = options.chat ?? new ScriptedChat();
  const logs: string[] = [];
  const logger: Logger = pino({ level: "debug" }, { write: (line: string) => void logs.push(line) });
  let refs = 0;
  const bot = createTelegramBot({
    token: testToken,
    apiRoot: fake.apiRoot,
    botInfo: fake.botInfo,
    chat,
    logger,
    translator: createTranslator("vi"),
    newRef: () => `REF${String(++refs).padStart(5, "0")}`,
  });
  const app = Fastify();
  await app.register(telegramWebhookRoute, {
    bot,
    secret: testSecret,
    logger,
    ...(options.timeoutMilliseconds !== undefined ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${port}/telegram/webhook`;
  return {
    fake,
    chat,
    app,
    logs,
    post: (update, secret = testSecret) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }) },
        body: JSON.stringify(update),
      }),
    close: async () => {
      await app.close();
      await fake.stop();
    },
  };
}
