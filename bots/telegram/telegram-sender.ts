import { Api, GrammyError, InputFile } from "grammy";
import type { ChannelSender, OutgoingMessage, RateLimits, SendResult } from "../../src/outbox/channel-sender.ts";
import { classifySendError } from "./classify-send-error.ts";
import { renderReply } from "./render-reply.ts";

export interface TelegramSenderOptions {
  token: string;
  /** https://api.telegram.org, a self-hosted Bot API server, or the tests' fake; no trailing slash. */
  apiRoot: string;
  /** TELEGRAM_RATE_PER_SECOND, TELEGRAM_RATE_PER_CHAT_PER_SECOND, TELEGRAM_RATE_PER_GROUP_PER_MINUTE. */
  limits: Omit<RateLimits, "isGroup">;
  /** Kept well under the dispatcher's lease (60 s), so a hung request never outlives its claim. */
  timeoutSeconds?: number;
}

/**
 * The outbox's Telegram sender: its own Api without auto-retry (the outbox retries, and a retry
 * inside a send would hold the row's claim and a worker for as long as Telegram asks), the reply
 * renderer's keyboard and splitting, and Telegram's answers classified for the dispatcher.
 */
export function createTelegramSender(options: TelegramSenderOptions): ChannelSender {
  const api = new Api(options.token, { apiRoot: options.apiRoot.replace(/\/+$/, ""), timeoutSeconds: options.timeoutSeconds ?? 20 });
  return {
    channel: "telegram",
    // Group and supergroup ids are negative; users' are positive.
    limits: { ...options.limits, isGroup: (chatId) => chatId.startsWith("-") },
    send: (message) => sendTelegram(api, message),
  };
}

/** Telegram's limit on a photo's or document's caption. */
const MAX_CAPTION = 1024;

async function sendTelegram(api: Api, m: OutgoingMessage): Promise<SendResult> {
  try {
    if (m.file) {
      // A multipart upload of the bytes (sendDocument / sendPhoto), the text as its caption.
      const caption = m.payload.text.length > MAX_CAPTION ? `${m.payload.text.slice(0, MAX_CAPTION - 1)}…` : m.payload.text;
      const input = new InputFile(m.file.bytes, m.file.fileName);
      const sent = m.file.kind === "photo" ? await api.sendPhoto(m.chatId, input, { caption }) : await api.sendDocument(m.chatId, input, { caption });
      return { status: "sent", externalMessageId: String(sent.message_id) };
    }
    const parts = renderReply({ text: m.payload.text, choices: m.payload.choices ?? [] });
    if (m.editMessageId !== undefined) {
      // An edit replaces one message: a progress line is short, a longer text keeps its first part.
      const part = parts[0]!;
      try {
        await api.editMessageText(m.chatId, Number(m.editMessageId), part.text, {
          link_preview_options: part.link_preview_options,
          ...(part.reply_markup ? { reply_markup: part.reply_markup } : {}),
        });
      } catch (err) {
        // The same text again (a repeated progress edit, or one resent after a crash) is done.
        if (!(err instanceof GrammyError && err.error_code === 400 && /message is not modified/i.test(err.description))) throw err;
      }
      return { status: "sent", externalMessageId: m.editMessageId };
    }
    let lastId: number | undefined;
    for (const part of parts) {
      const sent = await api.sendMessage(m.chatId, part.text, {
        link_preview_options: part.link_preview_options,
        ...(part.reply_markup ? { reply_markup: part.reply_markup } : {}),
      });
      lastId = sent.message_id;
    }
    // The last part carries the buttons: that is the message a later edit replaces.
    return { status: "sent", ...(lastId !== undefined ? { externalMessageId: String(lastId) } : {}) };
  } catch (err) {
    return classifySendError(err);
  }
}
