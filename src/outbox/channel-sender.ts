import type { Locale } from "../i18n/translator.ts";
import type { RenderedPayload } from "./outbox-payload.ts";

/** A channel's send limits. Telegram: ~30 messages/s overall, 1/s per chat, 20/min per group. */
export interface RateLimits {
  perSecond: number;
  perChatPerSecond: number;
  /** Messages per minute to one group chat; unset when the channel has no such limit. */
  perGroupPerMinute?: number;
  /** Which chat ids are groups (Telegram: negative ids). */
  isGroup?: (chatId: string) => boolean;
}

/** One outbox row as the sender gets it: rendered in the row's language, the edit target already resolved to a message id. */
export interface OutgoingMessage {
  outboxId: number;
  channel: string;
  accountId: string;
  chatId: string;
  kind: string;
  payload: RenderedPayload;
  /** The language it was rendered in (the row's; the default for a row of text written before rows carried it). */
  locale: Locale;
  /** Set for an edit: the channel's id of the message to replace. */
  editMessageId?: string;
  /** A row with payload.file: its bytes, built and stored by withOutboxFiles. */
  file?: ReadyFile;
}

/** A file ready to send: its bytes, where they are stored, and a signed link to them when one can be made. */
export interface ReadyFile {
  kind: "document" | "photo";
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
  /** Absolute path of the stored copy (zca-js uploads from a path). */
  path: string;
  /**
   * A short-lived signed download link to the stored copy (PUBLIC_URL/files/…), for a channel that
   * cannot upload it; undefined without PUBLIC_URL. Asking for it keeps the file until the link expires.
   */
  link(): { url: string; expiresAt: Date } | undefined;
}

/**
 * What happened to one send, as the dispatcher needs it:
 * retry_after = the channel asked us to wait (not counted as an attempt);
 * transient = 5xx, network, timeout (retried with backoff, counted);
 * blocked = the recipient will not receive anything from us (never retried);
 * failed = the message itself is wrong (never retried).
 */
export type SendResult =
  | { status: "sent"; externalMessageId?: string }
  | { status: "retry_after"; seconds: number }
  | { status: "transient"; error: string }
  | { status: "blocked"; error: string }
  | { status: "failed"; error: string };

/**
 * One per channel. send never throws for a channel's answer: it classifies it. Its requests must
 * time out well within the dispatcher's lease, or another dispatcher could take the row meanwhile.
 */
export interface ChannelSender {
  channel: string;
  limits: RateLimits;
  send(message: OutgoingMessage): Promise<SendResult>;
}
