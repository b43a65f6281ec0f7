import { describe, expect, it } from "vitest";
import { toZaloInbound } from "../../bots/zalo/bot-api/to-zalo-inbound.ts";
import { toZaloSendError } from "../../bots/zalo/bot-api/to-zalo-send-error.ts";
import { ZaloBotApiError } from "../../bots/zalo/bot-api/zalo-bot-api-error.ts";
import { zaloBotApiMode } from "../../bots/zalo/bot-api/zalo-bot-api-mode.ts";
import { parseZaloBotUpdates } from "../../bots/zalo/bot-api/parse-zalo-bot-updates.ts";
import { ConfigError } from "../../src/config.ts";

const message = { from: { id: "6ede9afa66b88fe6d6a9", display_name: "Ted", is_bot: false }, chat: { id: "6ede9afa66b88fe6d6a9", chat_type: "PRIVATE" }, message_id: "2d758cb5e222177a4e35", date: 1750316131602 };
const inbound = (body: unknown) => parseZaloBotUpdates(body)?.map(toZaloInbound);

describe("Zalo Bot API updates as the Zalo glue reads them", () => {
  it("reads the documented webhook body {ok, result: {event_name, message}} and the same update unwrapped", () => {
    const expected = { messageId: "2d758cb5e222177a4e35", chatId: "6ede9afa66b88fe6d6a9", senderId: "6ede9afa66b88fe6d6a9", senderName: "Ted", isGroup: false, text: "Xin chào" };
    const update = { event_name: "message.text.received", message: { ...message, text: "Xin chào" } };
    expect(inbound({ ok: true, result: update })).toEqual([expected]);
    expect(inbound(update)).toEqual([expected]);
  });

  it("takes a photo's URL (photo or photo_url) as the evidence's file id and its caption as the text", () => {
    expect(inbound({ ok: true, result: { event_name: "message.image.received", message: { ...message, photo: "https://f.zalo.me/a.jpg", caption: "72" } } })?.[0]).toMatchObject({ attachment: { kind: "photo", fileId: "https://f.zalo.me/a.jpg" }, text: "72" });
    expect(inbound({ event_name: "message.image.received", message: { ...message, photo_url: "https://f.zalo.me/b.jpg" } })?.[0]).toMatchObject({ attachment: { kind: "photo", fileId: "https://f.zalo.me/b.jpg" } });
  });

  it("maps stickers, voice and unsupported messages to attachments the core answers, and numeric ids to strings", () => {
    expect(inbound({ event_name: "message.sticker.received", message: { ...message, sticker: "abc" } })?.[0]?.attachment).toEqual({ kind: "sticker" });
    expect(inbound({ event_name: "message.voice.received", message })?.[0]?.attachment).toEqual({ kind: "voice" });
    expect(inbound({ event_name: "message.unsupported.received", message })?.[0]?.attachment).toEqual({ kind: "other" });
    expect(inbound({ event_name: "message.text.received", message: { ...message, message_id: 17, from: { id: 42 }, chat: { id: 42 }, text: "hi" } })?.[0]).toMatchObject({ messageId: "17", senderId: "42", chatId: "42" });
  });

  it("reads the event off the message when a getUpdates answer leaves event_name out", () => {
    expect(parseZaloBotUpdates({ ok: true, result: { message: { ...message, text: "Xin chào" } } })?.[0]?.event_name).toBe("message.text.received");
    expect(parseZaloBotUpdates({ message: { ...message, photo: "https://f.zalo.me/a.jpg" } })?.[0]?.event_name).toBe("message.image.received");
  });

  it("marks group chats, skips bots' messages and other events, and refuses what is not an update", () => {
    expect(inbound({ event_name: "message.text.received", message: { ...message, chat: { id: "g1", chat_type: "GROUP" }, text: "x" } })?.[0]?.isGroup).toBe(true);
    expect(inbound({ event_name: "message.text.received", message: { ...message, from: { id: "b", is_bot: true }, text: "x" } })).toEqual([undefined]);
    expect(inbound({ ok: true, result: { event_name: "user.follow" } })).toEqual([undefined]);
    expect(parseZaloBotUpdates("hello")).toBeUndefined();
    expect(parseZaloBotUpdates({ ok: true, result: null })).toEqual([]);
  });
});

describe("a failed Bot API send as the outbox reads it", () => {
  const err = (code: number, description: string, retryAfter?: number) => toZaloSendError(new ZaloBotApiError("sendMessage", code, description, retryAfter));
  it("429 is a rate limit (Zalo's wait, else a minute); a 403 that says blocked is blocked; a refused token (401) waits like a rate limit; other 403s, 5xx and network failures are transient; other 4xx failed", () => {
    expect(err(429, "Quota exceeded")).toMatchObject({ kind: "rate_limited", details: { retryAfterSeconds: 60 } });
    expect(err(429, "Quota exceeded", 5)).toMatchObject({ kind: "rate_limited", details: { retryAfterSeconds: 5 } });
    expect(err(403, "The user has blocked this bot").kind).toBe("blocked");
    expect(err(403, "Internal server error").kind).toBe("transient");
    expect(err(401, "Unauthorized")).toMatchObject({ kind: "rate_limited", details: { retryAfterSeconds: 60 } });
    expect(err(502, "Bad gateway").kind).toBe("transient");
    expect(err(0, "network: TypeError (ECONNREFUSED)").kind).toBe("transient");
    expect(err(400, "Bad request").kind).toBe("failed");
  });
});

describe("how the official bot receives messages", () => {
  const base = { ZALO_TRANSPORT: "bot-api" as const, ZALO_BOT_TOKEN: "123:abcdefghijkl", ZALO_BOT_API_ROOT: "https://bot-api.zaloplatforms.com", ZALO_WEBHOOK_SECRET: undefined, PUBLIC_URL: undefined };
  it("is off unless ZALO_TRANSPORT=bot-api, and refuses to start without ZALO_BOT_TOKEN, naming it", () => {
    expect(zaloBotApiMode({ ...base, ZALO_TRANSPORT: "off" })).toEqual({ type: "off" });
    expect(zaloBotApiMode({ ...base, ZALO_TRANSPORT: "zca" })).toEqual({ type: "off" });
    expect(() => zaloBotApiMode({ ...base, ZALO_BOT_TOKEN: undefined })).toThrow(ConfigError);
    expect(() => zaloBotApiMode({ ...base, ZALO_BOT_TOKEN: undefined })).toThrow(/ZALO_BOT_TOKEN/);
  });

  it("polls without a public URL or a secret, and uses POST /zalo/webhook with both", () => {
    expect(zaloBotApiMode(base).type).toBe("polling");
    expect(zaloBotApiMode({ ...base, PUBLIC_URL: "https://chitieu.example.vn" }).type).toBe("polling");
    expect(zaloBotApiMode({ ...base, PUBLIC_URL: "https://chitieu.example.vn/", ZALO_WEBHOOK_SECRET: "s".repeat(20) })).toMatchObject({ type: "webhook", url: "https://chitieu.example.vn/zalo/webhook", secret: "s".repeat(20) });
  });
});
