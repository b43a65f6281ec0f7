import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTelegramSender } from "../../bots/telegram/telegram-sender.ts";
import type { OutgoingMessage } from "../../src/outbox/channel-sender.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { testBotToken } from "../support/test-app.ts";

describe("the Telegram sender, against the fake Bot API", () => {
  const fake = new FakeTelegram();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  const limits = { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };
  const sender = () => createTelegramSender({ token: testBotToken, apiRoot: fake.apiRoot, limits, timeoutSeconds: 0.3 });
  const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    outboxId: 1,
    channel: "telegram",
    accountId: "",
    chatId: "501",
    kind: "reminder",
    locale: "vi",
    payload: { text: "Nhắc: chỉ tiêu 5G hạn 16:00 25/11", choices: [{ id: "r:report", label: "Báo cáo ngay" }] },
    ...over,
  });

  it("sends the text with the choices as an inline keyboard and answers the message id", async () => {
    const result = await sender().send(message());
    const [call] = fake.callsOf("sendMessage");
    expect(call?.payload).toEqual({
      chat_id: "501",
      text: "Nhắc: chỉ tiêu 5G hạn 16:00 25/11",
      link_preview_options: { is_disabled: true },
      reply_markup: { inline_keyboard: [[{ text: "Báo cáo ngay", callback_data: "r:report" }]] },
    });
    expect(result).toEqual({ status: "sent", externalMessageId: String(fake.deliveries[0]?.messageId) });
  });

  it("sends a text longer than 4,096 characters in parts and keeps the id of the last (the one with buttons)", async () => {
    const text = Array.from({ length: 120 }, (_, i) => `Dòng ${i}: Sở Khoa học và Công nghệ đã báo cáo.`).join("\n");
    const result = await sender().send(message({ payload: { text } }));
    expect(fake.callsOf("sendMessage")).toHaveLength(2);
    expect(result).toEqual({ status: "sent", externalMessageId: String(fake.deliveries[1]?.messageId) });
  });

  it("edits a sent message, and counts 'message is not modified' as done", async () => {
    const edit = message({ kind: "broadcast_progress", payload: { text: "Đã gửi 1.234/5.000" }, editMessageId: "1042" });
    expect(await sender().send(edit)).toEqual({ status: "sent", externalMessageId: "1042" });
    expect(fake.callsOf("editMessageText")[0]?.payload).toMatchObject({ chat_id: "501", message_id: 1042, text: "Đã gửi 1.234/5.000" });
    fake.failNext("editMessageText", { error_code: 400, description: "Bad Request: message is not modified: specified new message content and reply markup are exactly the same" });
    expect(await sender().send(edit)).toEqual({ status: "sent", externalMessageId: "1042" });
  });

  it("classifies Telegram's refusals: 429 waits, 403 is blocked, 400 fails, 5xx is transient", async () => {
    fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } });
    expect(await sender().send(message())).toEqual({ status: "retry_after", seconds: 7 });
    for (const description of ["Forbidden: bot was blocked by the user", "Forbidden: user is deactivated", "Forbidden: bot was kicked from the group chat"]) {
      fake.failNext("sendMessage", { error_code: 403, description });
      expect(await sender().send(message())).toEqual({ status: "blocked", error: `403: ${description}` });
    }
    fake.failNext("sendMessage", { error_code: 400, description: "Bad Request: chat not found" });
    expect(await sender().send(message())).toEqual({ status: "failed", error: "400: Bad Request: chat not found" });
    fake.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    expect(await sender().send(message())).toEqual({ status: "transient", error: "502: Bad Gateway" });
  });

  it("treats a timeout and a refused connection as transient", async () => {
    fake.failWhen((method) => (method === "sendMessage" ? { delayMs: 2_000 } : undefined));
    const timedOut = await sender().send(message());
    expect(timedOut).toMatchObject({ status: "transient", error: expect.stringMatching(/^network: .*timed out/) });
    const nowhere = createTelegramSender({ token: testBotToken, apiRoot: "http://127.0.0.1:1", limits });
    expect(await nowhere.send(message())).toMatchObject({ status: "transient", error: expect.stringMatching(/^network: .*ECONNREFUSED/) });
  });

  it("fails a message whose button id cannot be Telegram callback data, without calling Telegram", async () => {
    const result = await sender().send(message({ payload: { text: "Chọn", choices: [{ id: "báo-cáo-chỉ-tiêu-phủ-sóng-5G-toàn-tỉnh-năm-2026-quý-IV", label: "x" }] } }));
    expect(result).toMatchObject({ status: "failed", error: expect.stringMatching(/^CALLBACK_DATA_TOO_LONG/) });
    expect(fake.calls).toHaveLength(0);
  });

  it("gives group chats (negative ids) the per-group limit", () => {
    const s = sender();
    expect(s.limits.isGroup?.("-1001234567890")).toBe(true);
    expect(s.limits.isGroup?.("501")).toBe(false);
    expect(s.limits.perGroupPerMinute).toBe(20);
  });
});
