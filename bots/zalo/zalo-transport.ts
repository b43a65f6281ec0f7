import type { Attachment, Message } from "../../src/chat/types.ts";

/**
 * One Zalo transport, whichever drives it: a personal or department account through zca-js (the
 * default) or the official Zalo Bot API. The conversation core never sees which one runs.
 */
export interface ZaloTransport {
  readonly kind: "zca" | "bot-api";
  /**
   * The Zalo account (or bot) this transport speaks as. User ids are per account, so chat
   * accounts are keyed by (channel "zalo", accountId, user id).
   */
  readonly accountId: string;
  /** Longest text one message may carry (Zalo: 2,000 characters). */
  readonly maxTextLength: number;
  start(handlers: ZaloHandlers): Promise<void>;
  stop(): Promise<void>;
  sendText(chatId: string, text: string): Promise<{ messageId?: string }>;
  sendImage(chatId: string, image: { path: string; caption?: string }): Promise<{ messageId?: string }>;
  /** A file (an .xlsx) from its path, where the transport can upload one (zca-js); the official Bot API cannot. */
  sendFile?(chatId: string, file: { path: string; caption?: string }): Promise<{ messageId?: string }>;
  sendTyping(chatId: string): Promise<void>;
}

export interface ZaloHandlers {
  onMessage(message: ZaloInbound): Promise<void>;
  onStatus(status: ZaloStatus): void;
}

export interface ZaloInbound {
  /** Unique per account: the key that makes a redelivered message change nothing. */
  messageId: string;
  /** Where to answer: the user id in a 1:1 chat, the group id in a group. */
  chatId: string;
  senderId: string;
  senderName?: string;
  isGroup: boolean;
  text?: string;
  attachment?: Attachment;
  /** The sender's phone when the transport can resolve it (used to offer linking by phone). */
  phone?: string;
}

export type ZaloStatus =
  | { type: "connected"; accountId: string }
  | { type: "reconnecting"; attempt: number; reason: string; delayMs: number }
  /** Someone opened Zalo Web/PC on the same account (3000/3003): we stop and do not fight for the session. */
  | { type: "kicked"; code: number; reason: string }
  /**
   * firstLogin: no credentials were ever saved (a new install waiting for its QR login), not a login that stopped working.
   * `reason` is for the log and /healthz; `said` is the same in the coordinators' words (zalo.reason.*), for their alert.
   */
  | { type: "login_required"; reason: string; said?: Message; firstLogin?: boolean }
  /** Paused for a QR login on this machine (zca): not an outage, it resumes with the new login. */
  | { type: "suspended" }
  | { type: "stopped" };
