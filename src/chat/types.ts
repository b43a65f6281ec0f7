/**
 * The conversation core's vocabulary. The core imports nothing from grammy, zca-js, fastify or
 * drizzle: channels turn their updates into an Inbound and render Replies; the host stores sessions.
 */

export type Channel = "telegram" | "zalo" | "devchat";

export type Attachment =
  | {
      kind: "photo" | "document";
      fileId: string;
      fileUniqueId?: string;
      fileName?: string;
      mimeType?: string;
      sizeBytes?: number;
      /** Where the channel saved a copy, relative to DATA_DIR ("evidence/2026/11/AQADxyz.jpg"); absent when only the id is kept. */
      localPath?: string;
    }
  | { kind: "sticker" | "voice" | "video" | "audio" | "location" | "contact" | "other" };

/**
 * Evidence kept with a report: a photo or file the channel delivered, or a link the person typed
 * ("link": `fileId` is the http/https URL) — what a channel without file events (the official Zalo
 * bot) can send beside photos.
 */
export type Evidence = Omit<Extract<Attachment, { fileId: string }>, "kind"> & { kind: "photo" | "document" | "link" };

/** One normalised inbound message or button press. */
export interface Inbound {
  channel: Channel;
  /** The bot / Zalo account that received it ("" when a channel has only one). */
  accountId: string;
  chatId: string;
  senderId: string;
  senderName?: string;
  /** The text or caption, as typed. */
  text?: string;
  /** The payload of a pressed button (Telegram callback data). */
  choice?: string;
  attachment?: Attachment;
  /**
   * The sender's phone number, when the transport itself vouches for it (Zalo can resolve it):
   * a registered number is offered linking without a code, after the person confirms.
   */
  phone?: string;
  /** Unique id of the transport update ("telegram:123456"): a redelivery must change nothing. */
  updateRef?: string;
  /**
   * Written in a group chat (chatId is the group's): the conversation is the sender's own within
   * the group, and whether the bot answers there at all is the host's GROUPS_ENABLED.
   */
  inGroup?: boolean;
  /** A press on buttons the bot showed to this sender (senderId) — in a group, maybe someone else. */
  buttonsFor?: string;
  /** An edit of an earlier message, not a new one: it must not answer the current question. */
  edited?: boolean;
}

/** A button or a numbered option. `id` is ASCII and at most 64 bytes (Telegram callback data). */
export interface Choice {
  id: string;
  label: string;
}

/** What a channel shows: text plus choices (inline keyboard on Telegram, a numbered list on Zalo). */
export interface Reply {
  text: string;
  choices: Choice[];
}

/** A localized message: a key in locales/<lang>.json and its parameters. Rendered by the host. */
export interface Message {
  key: string;
  /** Values are inserted as they are; a Message value is rendered first, in the same language. */
  params?: Record<string, string | number | Message>;
}
