import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { connectZaloChat } from "../../bots/zalo/connect-zalo-chat.ts";
import { ZaloSendError } from "../../bots/zalo/zalo-send-error.ts";
import type { ZaloHandlers, ZaloInbound, ZaloStatus, ZaloTransport } from "../../bots/zalo/zalo-transport.ts";
import type { ChatService } from "../../src/chat/chat-service.ts";
import type { Inbound } from "../../src/chat/types.ts";
import { createTranslator } from "../../src/i18n/translator.ts";

const translator = createTranslator("vi");

/** A transport in memory: the test delivers messages and statuses, sends are recorded or fail as told. */
function memoryTransport(failSends: ZaloSendError[] = []) {
  const sent: { chatId: string; text: string }[] = [];
  let handlers: ZaloHandlers | undefined;
  const transport: ZaloTransport = {
    kind: "bot-api",
    accountId: "bot-1",
    maxTextLength: 2000,
    start: async (h) => {
      handlers = h;
    },
    stop: async () => {
      handlers = undefined;
    },
    sendText: async (chatId, text) => {
      const failure = failSends.shift();
      if (failure) throw failure;
      sent.push({ chatId, text });
      return { messageId: String(sent.length) };
    },
    sendImage: async () => ({}),
    sendTyping: async () => undefined,
  };
  return { transport, sent, deliver: (m: ZaloInbound) => handlers!.onMessage(m), status: (s: ZaloStatus) => handlers!.onStatus(s) };
}

/** A chat that answers with what it was sent, remembering claims and blocks. */
function echoChat() {
  const claimed = new Set<string>();
  const blocked: string[] = [];
  const handled: Inbound[] = [];
  const queued: string[] = [];
  const chat: ChatService = {
    handle: async (inbound) => {
      handled.push(inbound);
      return { replies: [{ text: `Đã nhận: ${inbound.text ?? ""}`, choices: [{ id: "c1", label: "Báo cáo" }, { id: "c2", label: "Hủy" }] }], locale: "vi", expectsText: false };
    },
    setBlocked: async (_channel, _account, senderId, isBlocked) => void (isBlocked && blocked.push(senderId)),
    claimUpdate: async (_channel, id) => (claimed.has(id) ? false : (claimed.add(id), true)),
    finishUpdate: async () => undefined,
    queueReplies: async (_inbound, replies) => void queued.push(...replies.map((r) => r.text)),
  };
  return { chat, blocked, handled, queued };
}

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
}

const message = (messageId: string, text: string, extra: Partial<ZaloInbound> = {}): ZaloInbound => ({ messageId, chatId: "u-1", senderId: "u-1", isGroup: false, text, ...extra });

describe("the Zalo glue between a transport and the chat", () => {
  it("hands the chat an Inbound keyed by the transport's account, and sends the reply with its numbered choices", async () => {
    const t = memoryTransport();
    const c = echoChat();
    await connectZaloChat({ transport: t.transport, chat: c.chat, translator, logger: capturedLogger().logger, defaultLocale: "vi" });
    await t.deliver(message("m1", "xin chào", { senderName: "Lan" }));
    expect(c.handled).toEqual([{ channel: "zalo", accountId: "bot-1", chatId: "u-1", senderId: "u-1", senderName: "Lan", text: "xin chào", updateRef: "zalo:bot-1:m1" }]);
    expect(t.sent).toEqual([{ chatId: "u-1", text: "Đã nhận: xin chào\n\n1. Báo cáo\n2. Hủy\nTrả lời 1 hoặc 2." }]);
    await t.deliver(message("m1", "xin chào"));
    expect(c.handled).toHaveLength(1);
  });

  it("answers one chat's messages in the order they came, even when they arrive together", async () => {
    const t = memoryTransport();
    const c = echoChat();
    await connectZaloChat({ transport: t.transport, chat: c.chat, translator, logger: capturedLogger().logger, defaultLocale: "vi" });
    await Promise.all(["1", "2", "3", "4"].map((n) => t.deliver(message(`m${n}`, n))));
    expect(t.sent.map((s) => s.text.split("\n")[0])).toEqual(["Đã nhận: 1", "Đã nhận: 2", "Đã nhận: 3", "Đã nhận: 4"]);
  });

  it("hands an answer that failed to send after the turn to the outbox: no apology, no message text in the log", async () => {
    const t = memoryTransport([new ZaloSendError("transient", "Zalo Bot API sendMessage failed: 502 Bad gateway", { code: 502 })]);
    const c = echoChat();
    const { logger, lines } = capturedLogger();
    await connectZaloChat({ transport: t.transport, chat: c.chat, translator, logger, defaultLocale: "vi", newRef: () => "REF12345" });
    await t.deliver(message("m1", "bí mật 72"));
    expect(t.sent).toEqual([]);
    expect(c.queued).toHaveLength(1);
    expect(c.queued[0]).toContain("Đã nhận: bí mật 72");
    expect(lines.find((l) => l.msg === "zalo reply not sent: queued in the outbox")).toMatchObject({ messageId: "m1", unsent: 1, err: { kind: "transient", code: 502 } });
    expect(JSON.stringify(lines.filter((l) => l.msg !== undefined && String(l.msg).startsWith("zalo")))).not.toContain("bí mật");
  });

  it("logs a failed turn whose apology could not be sent with a reference id and no message text, and apologizes quoting that id", async () => {
    const t = memoryTransport([new ZaloSendError("transient", "Zalo Bot API sendMessage failed: 502 Bad gateway", { code: 502 })]);
    const c = echoChat();
    c.chat.handle = async () => ({ replies: [{ text: "Xin lỗi (mã TURN0001)", choices: [] }], locale: "vi", expectsText: false, errorRef: "TURN0001" });
    const { logger, lines } = capturedLogger();
    await connectZaloChat({ transport: t.transport, chat: c.chat, translator, logger, defaultLocale: "vi", newRef: () => "REF12345" });
    await t.deliver(message("m1", "bí mật 72"));
    expect(c.queued).toEqual([]);
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]!.text).toContain("mã REF12345");
    expect(lines.find((l) => l.msg === "zalo message failed")).toMatchObject({ ref: "REF12345", messageId: "m1", err: { kind: "transient", code: 502 } });
    expect(JSON.stringify(lines)).not.toContain("bí mật");
  });

  it("marks a person who blocked the account, without an apology", async () => {
    const t = memoryTransport([new ZaloSendError("blocked", "Zalo will not deliver to this user (code 122)")]);
    const c = echoChat();
    await connectZaloChat({ transport: t.transport, chat: c.chat, translator, logger: capturedLogger().logger, defaultLocale: "vi" });
    await t.deliver(message("m1", "xin chào"));
    expect(c.blocked).toEqual(["u-1"]);
    expect(t.sent).toEqual([]);
  });

  it("ignores group messages unless groups are allowed", async () => {
    const t = memoryTransport();
    const c = echoChat();
    await connectZaloChat({ transport: t.transport, chat: c.chat, translator, logger: capturedLogger().logger, defaultLocale: "vi" });
    await t.deliver(message("g1", "hi", { chatId: "g-1", isGroup: true }));
    expect(c.handled).toEqual([]);
    const allowed = memoryTransport();
    await connectZaloChat({ transport: allowed.transport, chat: c.chat, translator, logger: capturedLogger().logger, defaultLocale: "vi", allowGroups: true });
    await allowed.deliver(message("g2", "hi", { chatId: "g-1", isGroup: true }));
    expect(allowed.sent.map((s) => s.chatId)).toEqual(["g-1"]);
  });

  it("logs the transport's statuses and passes them on: a kicked account is an error", async () => {
    const t = memoryTransport();
    const { logger, lines } = capturedLogger();
    const seen: ZaloStatus[] = [];
    await connectZaloChat({ transport: t.transport, chat: echoChat().chat, translator, logger, defaultLocale: "vi", onStatus: (s) => seen.push(s) });
    t.status({ type: "kicked", code: 3000, reason: "opened on Zalo Web" });
    expect(seen).toEqual([{ type: "kicked", code: 3000, reason: "opened on Zalo Web" }]);
    expect(lines.find((l) => l.msg === "zalo kicked")).toMatchObject({ level: 50, code: 3000 });
  });
});
