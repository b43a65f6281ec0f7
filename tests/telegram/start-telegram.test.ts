import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { commands } from "../../bots/telegram/commands.ts";
import { createTelegramBot } from "../../bots/telegram/create-telegram-bot.ts";
import { startTelegram, type TelegramRunning } from "../../bots/telegram/start-telegram.ts";
import { TelegramAdapterError } from "../../bots/telegram/telegram-adapter-error.ts";
import { telegramMode } from "../../bots/telegram/telegram-mode.ts";
import { loadConfig } from "../../src/config.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { ScriptedChat } from "./scripted-chat.ts";
import { pressUpdate, textUpdate } from "./telegram-updates.ts";
import { testSecret, testToken } from "./webhook-harness.ts";

const logger = pino({ level: "silent" });
const translator = createTranslator("vi");

describe("startTelegram", () => {
  let fake: FakeTelegram | undefined;
  let running: TelegramRunning | undefined;
  afterEach(async () => {
    await running?.stop();
    await fake?.stop();
    running = undefined;
  });

  async function setUp(env: Record<string, string>) {
    fake = await new FakeTelegram().start();
    const config = loadConfig({ NODE_ENV: "test", TELEGRAM_BOT_TOKEN: testToken, TELEGRAM_API_ROOT: fake.apiRoot, ...env });
    const chat = new ScriptedChat();
    const bot = createTelegramBot({ token: testToken, apiRoot: config.TELEGRAM_API_ROOT, botInfo: fake.botInfo, chat, logger, translator });
    return { fake, config, chat, bot };
  }

  it("points Telegram at PUBLIC_URL/telegram/webhook with the secret and the update kinds the bot handles", async () => {
    const { fake, config, bot } = await setUp({ PUBLIC_URL: "https://chitieu.example.gov.vn/", TELEGRAM_WEBHOOK_SECRET: testSecret });
    running = await startTelegram({ bot, config, logger, translator });
    expect(running.mode).toBe("webhook");
    expect(fake.callsOf("setWebhook").map((c) => c.payload)).toEqual([
      {
        url: "https://chitieu.example.gov.vn/telegram/webhook",
        secret_token: testSecret,
        allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"],
        drop_pending_updates: false,
      },
    ]);
    expect(fake.callsOf("deleteWebhook")).toEqual([]);
    expect(fake.callsOf("getMe")).toEqual([]);
  });

  it("sets the command menu in Vietnamese for everyone and in English for English clients", async () => {
    const { fake, config, bot } = await setUp({ PUBLIC_URL: "https://chitieu.example.gov.vn", TELEGRAM_WEBHOOK_SECRET: testSecret });
    running = await startTelegram({ bot, config, logger, translator });
    const calls = fake.callsOf("setMyCommands").map((c) => c.payload);
    expect(calls).toEqual([{ commands: commands(translator, "vi") }, { commands: commands(translator, "en"), language_code: "en" }]);
    const names = ["baocao", "chitieu", "sua", "quahan", "tiendo", "tonghop", "xuat", "nhac", "huy", "help", "ngonngu"];
    expect(commands(translator, "vi").map((c) => c.command)).toEqual(names);
    expect(commands(translator, "vi")[0]?.description).toBe(translator.t("vi", { key: "menu.button.report" }));
    expect(commands(translator, "en")[0]?.description).toBe(translator.t("en", { key: "menu.button.report" }));
    // Telegram: 1–32 of a-z 0-9 _, description 1–256 characters.
    for (const c of [...commands(translator, "vi"), ...commands(translator, "en")]) {
      expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(c.description.length).toBeGreaterThanOrEqual(1);
      expect(c.description.length).toBeLessThanOrEqual(256);
    }
  });

  it("starts anyway when Telegram refuses the command menu", async () => {
    const { fake, config, bot } = await setUp({ PUBLIC_URL: "https://chitieu.example.gov.vn", TELEGRAM_WEBHOOK_SECRET: testSecret });
    fake.failNext("setMyCommands", { error_code: 400, description: "Bad Request: BOT_COMMAND_INVALID" });
    running = await startTelegram({ bot, config, logger, translator });
    expect(running.mode).toBe("webhook");
  });

  it("fails to start when Telegram refuses the webhook", async () => {
    const { fake, config, bot } = await setUp({ PUBLIC_URL: "https://chitieu.example.gov.vn", TELEGRAM_WEBHOOK_SECRET: testSecret });
    fake.failNext("setWebhook", { error_code: 400, description: "Bad Request: bad webhook: HTTPS url must be provided for webhook" });
    await expect(startTelegram({ bot, config, logger, translator })).rejects.toThrow(/bad webhook/);
  });

  it("refuses a webhook without a secret, naming the variable to set", async () => {
    const { config, bot } = await setUp({ PUBLIC_URL: "https://chitieu.example.gov.vn" });
    const attempt = startTelegram({ bot, config, logger, translator });
    await expect(attempt).rejects.toThrow(TelegramAdapterError);
    await expect(attempt).rejects.toThrow(/WEBHOOK_SECRET_MISSING.*TELEGRAM_WEBHOOK_SECRET/);
  });

  it("long-polls without PUBLIC_URL: removes any webhook, answers updates and presses, and stops cleanly", async () => {
    const { fake, config, bot, chat } = await setUp({});
    running = await startTelegram({ bot, config, logger, translator });
    expect(running.mode).toBe("polling");
    expect(fake.callsOf("deleteWebhook")).toHaveLength(1);
    expect(fake.callsOf("setMyCommands")).toHaveLength(2);
    expect(fake.callsOf("setWebhook")).toEqual([]);

    fake.pushUpdate(textUpdate(31, "72,5%") as { update_id: number });
    const sent = await fake.waitForCalls("sendMessage", 1);
    expect(sent.map((c) => c.payload.text)).toEqual(["Bạn gửi: 72,5%"]);
    expect(chat.received.map((i) => i.updateRef)).toEqual(["telegram:31"]);
    // No webhook response to carry a press's answer: it is a request of its own.
    fake.pushUpdate(pressUpdate(32, "yes") as { update_id: number });
    const answered = await fake.waitForCalls("answerCallbackQuery", 1);
    expect(answered.map((c) => c.payload.callback_query_id)).toEqual(["cbq-32"]);
    expect((await fake.waitForCalls("sendMessage", 2)).map((c) => c.payload.text)).toEqual(["Bạn gửi: 72,5%", "Bạn chọn: yes"]);
    const polls = fake.callsOf("getUpdates");
    expect(polls[0]?.payload.allowed_updates).toEqual(["message", "edited_message", "callback_query", "my_chat_member"]);

    await running.stop();
    running = undefined;
    expect(bot.isRunning()).toBe(false);
  });
});

describe("telegramMode", () => {
  const base = { TELEGRAM_API_ROOT: "https://api.telegram.org", TELEGRAM_WEBHOOK_SECRET: undefined, PUBLIC_URL: undefined, TELEGRAM_BOT_TOKEN: undefined };

  it("is off without a token, even with a public URL", () => {
    expect(telegramMode({ ...base, PUBLIC_URL: "https://x.vn" })).toEqual({ type: "off" });
  });

  it("builds the webhook URL without a doubled slash", () => {
    expect(telegramMode({ ...base, TELEGRAM_BOT_TOKEN: testToken, PUBLIC_URL: "https://x.vn/chitieu/", TELEGRAM_WEBHOOK_SECRET: testSecret })).toMatchObject({
      type: "webhook",
      url: "https://x.vn/chitieu/telegram/webhook",
    });
  });
});
