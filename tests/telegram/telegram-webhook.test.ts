import { afterEach, describe, expect, it } from "vitest";
import { createTranslator } from "../../src/i18n/translator.ts";
import { official, myChatMemberUpdate, photoUpdate, pressUpdate, stickerUpdate, textUpdate } from "./telegram-updates.ts";
import { longText } from "./scripted-chat.ts";
import { startWebhookHarness, type WebhookHarness } from "./webhook-harness.ts";

describe("Telegram webhook, through a fake Bot API over real HTTP", () => {
  let h: WebhookHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start(options: { timeoutMilliseconds?: number } = {}) {
    h = await startWebhookHarness(options);
    return h;
  }

  it("passes a typed message to the core and sends its answer with the choices as buttons", async () => {
    const { post, chat, fake } = await start();
    const res = await post(textUpdate(1, "72,5%"));
    expect(res.status).toBe(200);
    expect(chat.received).toEqual([
      { channel: "telegram", accountId: "", chatId: "501", senderId: "501", senderName: "Nguyễn Văn An", text: "72,5%", updateRef: "telegram:1" },
    ]);
    const [sent, ...more] = fake.callsOf("sendMessage");
    expect(more).toEqual([]);
    expect(sent?.payload).toEqual({
      chat_id: "501",
      text: "Bạn gửi: 72,5%",
      link_preview_options: { is_disabled: true },
      reply_markup: { inline_keyboard: [[{ text: "Đúng", callback_data: "yes" }, { text: "Sai", callback_data: "no" }]] },
    });
  });

  it("keeps a deep link's invite code as text for the core", async () => {
    const { post, chat } = await start();
    await post(textUpdate(2, "/start INV-7K2Q9"));
    expect(chat.received[0]?.text).toBe("/start INV-7K2Q9");
  });

  it("turns a button press into a choice from the pressed message's chat and stops the button spinning in the webhook's answer", async () => {
    const { post, chat, fake } = await start();
    const res = await post(pressUpdate(3, "yes"));
    expect(res.status).toBe(200);
    expect(chat.received).toEqual([
      { channel: "telegram", accountId: "", chatId: "501", senderId: "501", senderName: "Nguyễn Văn An", choice: "yes", updateRef: "telegram:3" },
    ]);
    // Telegram performs the call in the response body: no request of ours reached the Bot API for it.
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ method: "answerCallbackQuery", callback_query_id: "cbq-3" });
    expect(fake.callsOf("answerCallbackQuery")).toEqual([]);
    expect(fake.sentTexts()).toEqual(["Bạn chọn: yes"]);
  });

  it("answers a message with an empty body: only a press's answer rides in the response", async () => {
    const { post } = await start();
    const res = await post(textUpdate(20, "72,5%"));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("ends a press's response only when the pipeline is done with it: reply sent, update finished", async () => {
    const { post, chat, fake } = await start();
    const res = await post(pressUpdate(21, "yes"));
    // Had the response ended when grammY got the answer (its fastify adapter does), neither would be done yet.
    expect(fake.sentTexts()).toEqual(["Bạn chọn: yes"]);
    expect(chat.finished).toEqual(["21"]);
    expect(await res.json()).toEqual({ method: "answerCallbackQuery", callback_query_id: "cbq-21" });
  });

  it("answers a press with a request when the webhook has timed out and already answered 200", async () => {
    const { post, chat, fake } = await start({ timeoutMilliseconds: 1 });
    let release: () => void = () => undefined;
    chat.gate = new Promise<void>((resolve) => (release = resolve));
    const res = await post(pressUpdate(22, "yes"));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    release();
    const answered = await fake.waitForCalls("answerCallbackQuery", 1);
    expect(answered.map((c) => c.payload.callback_query_id)).toEqual(["cbq-22"]);
    expect((await fake.waitForCalls("sendMessage", 1)).map((c) => c.payload.text)).toEqual(["Bạn chọn: yes"]);
  });

  it("hands a photo over as evidence with its largest size and its caption as text", async () => {
    const { post, chat } = await start();
    await post(photoUpdate(4, "Ảnh biên bản nghiệm thu"));
    expect(chat.received[0]).toMatchObject({
      text: "Ảnh biên bản nghiệm thu",
      attachment: { kind: "photo", fileId: "photo-l", fileUniqueId: "u-l", sizeBytes: 182_000 },
    });
  });

  it("tells the core a sticker arrived, so it can say it only reads text, photos and files", async () => {
    const { post, chat, fake } = await start();
    await post(stickerUpdate(5));
    expect(chat.received[0]).toMatchObject({ senderId: "501", attachment: { kind: "sticker" } });
    expect(chat.received[0]?.text).toBeUndefined();
    expect(fake.sentTexts()).toEqual(["Đã nhận: sticker"]);
  });

  it("handles an update Telegram delivers 50 times exactly once", async () => {
    const { post, chat, fake } = await start();
    const update = textUpdate(6, "1");
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(update)));
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(chat.received).toHaveLength(1);
    expect(fake.callsOf("sendMessage")).toHaveLength(1);
  });

  it.each([
    ["a wrong secret", "not-the-secret-at-all-0000000000"],
    ["a secret of another length", "short"],
    ["no secret", null],
  ])("refuses %s with 401 and handles nothing", async (_label, secret) => {
    const { post, chat, fake } = await start();
    const res = await post(textUpdate(7, "72,5%"), secret);
    expect(res.status).toBe(401);
    expect(chat.received).toEqual([]);
    expect(chat.claimed.size).toBe(0);
    expect(fake.calls).toEqual([]);
  });

  it("answers 400 to a body that is not an update, without handling anything", async () => {
    const { post, chat } = await start();
    expect((await post({ hello: "world" })).status).toBe(400);
    expect(chat.received).toEqual([]);
  });

  it("answers Telegram 200 when the core throws, apologises with a reference id, and logs the id without the text", async () => {
    const { post, chat, fake, logs } = await start();
    const update = textUpdate(8, "boom");
    expect((await post(update)).status).toBe(200);
    expect(fake.sentTexts()).toEqual([createTranslator("vi").t("vi", { key: "error.internal", params: { ref: "REF00001" } })]);
    const errorLines = logs.filter((l) => l.includes('"level":50'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain('"ref":"REF00001"');
    expect(errorLines[0]).toContain('"updateId":8');
    expect(logs.join("\n")).not.toContain("boom");

    // Telegram redelivers only after a non-2xx; even if it did, the update is not handled again.
    expect((await post(update)).status).toBe(200);
    expect(chat.received).toHaveLength(1);
    expect(fake.callsOf("sendMessage")).toHaveLength(1);
  });

  it("apologises in English to a person whose Telegram is set to English", async () => {
    const { post, fake } = await start();
    await post(textUpdate(19, "boom", { id: 601, is_bot: false, first_name: "Anna", language_code: "en-GB" }));
    expect(fake.sentTexts("601")).toEqual([createTranslator("vi").t("en", { key: "error.internal", params: { ref: "REF00001" } })]);
  });

  it("still answers the button press when the core fails on it", async () => {
    const { post, chat, fake } = await start();
    chat.gate = Promise.reject(new Error("the core is down"));
    chat.gate.catch(() => undefined);
    const res = await post(pressUpdate(9, "yes"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ method: "answerCallbackQuery", callback_query_id: "cbq-9" });
    expect(fake.callsOf("answerCallbackQuery")).toEqual([]);
    expect(fake.sentTexts()[0]).toContain("REF00001");
  });

  it("sends the apology itself when the host reports a failure with nothing to say", async () => {
    const { post, fake } = await start();
    await post(textUpdate(10, "silent failure"));
    expect(fake.sentTexts()).toEqual([expect.stringContaining("HOST0042")]);
  });

  it("marks the person blocked when Telegram answers 403, and still answers the webhook 200", async () => {
    const { post, chat, fake } = await start();
    fake.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    expect((await post(textUpdate(11, "72,5%"))).status).toBe(200);
    expect(chat.blocked).toEqual([{ channel: "telegram", accountId: "", senderId: "501", blocked: true }]);
    // No apology: it would be refused the same way.
    expect(fake.callsOf("sendMessage")).toHaveLength(1);
  });

  it("records a block and an unblock from my_chat_member without sending anything", async () => {
    const { post, chat, fake } = await start();
    expect((await post(myChatMemberUpdate(12, "kicked"))).status).toBe(200);
    expect((await post(myChatMemberUpdate(13, "member"))).status).toBe(200);
    expect(chat.blocked).toEqual([
      { channel: "telegram", accountId: "", senderId: String(official.id), blocked: true },
      { channel: "telegram", accountId: "", senderId: String(official.id), blocked: false },
    ]);
    expect(chat.received).toEqual([]);
    expect(fake.calls).toEqual([]);
  });

  it("splits a 5,000-character answer into two messages of at most 4,096, buttons under the last", async () => {
    const { post, fake } = await start();
    await post(textUpdate(14, "long"));
    const sent = fake.callsOf("sendMessage");
    expect(sent).toHaveLength(2);
    const texts = sent.map((c) => String(c.payload.text));
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(4096);
    expect(texts.join("\n")).toBe(longText());
    expect(sent[0]?.payload.reply_markup).toBeUndefined();
    expect(sent[1]?.payload.reply_markup).toEqual({ inline_keyboard: [[{ text: "OK", callback_data: "ok" }]] });
  });

  it("retries a sendMessage Telegram rate-limited (429) and delivers it once", async () => {
    const { post, chat, fake } = await start();
    fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 0", parameters: { retry_after: 0 } });
    expect((await post(textUpdate(15, "72,5%"))).status).toBe(200);
    const sent = fake.callsOf("sendMessage");
    expect(sent).toHaveLength(2);
    expect(sent[1]?.payload.text).toBe("Bạn gửi: 72,5%");
    expect(chat.received).toHaveLength(1);
    expect(chat.blocked).toEqual([]);
  });

  it("gives up after 3 retries and hands the answer to the outbox instead of keeping the person waiting", async () => {
    const { post, fake, chat } = await start();
    fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 0", parameters: { retry_after: 0 } }, 4);
    expect((await post(textUpdate(16, "72,5%"))).status).toBe(200);
    expect(fake.sentTexts()).toHaveLength(4);
    // The turn is done: no apology asking to try again, the answer follows from the outbox.
    expect(chat.queued.map((replies) => replies.map((r) => r.text))).toEqual([["Bạn gửi: 72,5%"]]);
  });

  it("does not wait out a rate limit longer than 5 seconds", async () => {
    const { post, fake, chat } = await start();
    fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 60", parameters: { retry_after: 60 } });
    expect((await post(textUpdate(17, "72,5%"))).status).toBe(200);
    // The answer failed at once and waits in the outbox; nothing else was sent.
    expect(fake.sentTexts()).toEqual(["Bạn gửi: 72,5%"]);
    expect(chat.queued).toHaveLength(1);
  });

  it("answers 200 when the core is slower than the webhook timeout, and the reply still goes out once", async () => {
    const { post, chat, fake } = await start({ timeoutMilliseconds: 1 });
    let release: () => void = () => undefined;
    chat.gate = new Promise<void>((resolve) => (release = resolve));
    expect((await post(textUpdate(18, "72,5%"))).status).toBe(200);
    expect(fake.callsOf("sendMessage")).toHaveLength(0);
    release();
    const sent = await fake.waitForCalls("sendMessage", 1);
    expect(sent.map((c) => c.payload.text)).toEqual(["Bạn gửi: 72,5%"]);
  });
});
