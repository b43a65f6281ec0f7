import type { Clock } from "../../src/clock.ts";
import type { Locale, Translator } from "../../src/i18n/translator.ts";
import type { ChannelSender, OutgoingMessage, ReadyFile, SendResult } from "../../src/outbox/channel-sender.ts";
import { chooseHint } from "./choose-hint.ts";
import { renderTextReply } from "./render-text-reply.ts";
import { ZaloSendError } from "./zalo-send-error.ts";
import type { ZaloTransport } from "./zalo-transport.ts";

/** How long a message waits while the transport has not started (its start is retried meanwhile). */
const notStartedWaitSeconds = 60;

export interface ZaloSenderOptions {
  /** The running transport (either kind); it must be started before the dispatcher sends. */
  transport: ZaloTransport;
  /** ZALO_RATE_PER_MINUTE over the account, ZALO_RATE_PER_CHAT_PER_MINUTE to one chat. */
  limits: { perMinute: number; perChatPerMinute: number };
  translator: Translator;
  /** The dispatcher's clock: after a rate-limit answer nothing is sent until Zalo's wait is over. */
  clock: Clock;
}

/**
 * The outbox's Zalo sender, over whichever transport runs. Zalo locks accounts that send like spam,
 * so the limits are per minute and low, and a rate-limit answer (Bot API 429, zca-js's codes) pauses
 * the whole account, not one chat: every send until then answers retry_after without reaching Zalo,
 * and the dispatcher puts those rows back (not an attempt), so nothing is lost or sent twice.
 * Zalo cannot edit a sent message, so an edit (a broadcast's live progress) is not sent: the
 * broadcast's summary, a message of its own, closes it.
 */
export function createZaloSender(options: ZaloSenderOptions): ChannelSender {
  const { transport, clock } = options;
  let pausedUntil = 0;

  const send = async (m: OutgoingMessage): Promise<SendResult> => {
    const now = clock.now().getTime();
    if (now < pausedUntil) return { status: "retry_after", seconds: (pausedUntil - now) / 1000 };
    // Not started yet (its start is retried, or waits for a fix): the message waits without spending an attempt.
    if (!transport.accountId) return { status: "retry_after", seconds: notStartedWaitSeconds };
    if (m.accountId && m.accountId !== transport.accountId) {
      return { status: "failed", error: `zalo: queued for account ${m.accountId}, but this service speaks as ${transport.accountId} (user ids differ per account)` };
    }
    if (m.editMessageId !== undefined) return { status: "sent", externalMessageId: m.editMessageId };
    // The row's own language (the hint under a numbered list): no lookup of the recipient.
    const locale = m.locale;
    const hint = chooseHint(options.translator, locale);
    let lastId: string | undefined;
    try {
      if (m.file) lastId = (await sendFile(m.chatId, m.payload.text, m.file, locale)).messageId;
      else {
        const parts = renderTextReply({ text: m.payload.text, choices: m.payload.choices ?? [] }, { maxTextLength: transport.maxTextLength, hint });
        for (const part of parts) lastId = (await transport.sendText(m.chatId, part)).messageId ?? lastId;
      }
    } catch (err) {
      if (!(err instanceof ZaloSendError)) return { status: "transient", error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
      switch (err.kind) {
        case "rate_limited": {
          const seconds = err.details.retryAfterSeconds ?? 60;
          pausedUntil = Math.max(pausedUntil, clock.now().getTime() + seconds * 1000);
          return { status: "retry_after", seconds };
        }
        case "blocked":
          return { status: "blocked", error: err.message };
        case "transient":
          return { status: "transient", error: err.message };
        case "failed":
          return { status: "failed", error: err.message };
      }
    }
    return { status: "sent", ...(lastId !== undefined ? { externalMessageId: lastId } : {}) };
  };

  /**
   * A file the way the transport can: zca-js uploads photos and files from their path; the official
   * Bot API sends a photo by URL (a signed link to the stored copy) and no files at all, so a
   * document goes as a signed download link. Without PUBLIC_URL there is no link: the caption goes
   * with a line that says so.
   */
  const sendFile = async (chatId: string, caption: string, file: ReadyFile, locale: Locale): Promise<{ messageId?: string }> => {
    const t = (key: string, params?: Record<string, string>) => options.translator.t(locale, params ? { key, params } : { key });
    const text = (line: string) => transport.sendText(chatId, `${caption}\n${line}`.slice(0, transport.maxTextLength));
    if (file.kind === "photo") {
      if (transport.kind === "zca") return transport.sendImage(chatId, { path: file.path, caption });
      const link = file.link();
      return link ? transport.sendImage(chatId, { path: link.url, caption }) : text(t("file.photo_not_sent"));
    }
    if (transport.sendFile) return transport.sendFile(chatId, { path: file.path, caption });
    const link = file.link();
    return text(link ? t("file.download_link", { fileName: file.fileName, url: link.url, expires: vnTime(link.expiresAt) }) : t("file.no_link"));
  };

  return {
    channel: "zalo",
    limits: { perSecond: options.limits.perMinute / 60, perChatPerSecond: options.limits.perChatPerMinute / 60 },
    send,
  };
}

/** "14:05 20/11/2026" on the wall in Hà Nội (UTC+7 all year). */
function vnTime(at: Date): string {
  const d = new Date(at.getTime() + 7 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} ${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
