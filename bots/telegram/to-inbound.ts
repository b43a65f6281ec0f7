import type { Message, PhotoSize, Update, User } from "grammy/types";
import type { Attachment, Inbound } from "../../src/chat/types.ts";
import { readButtonOwner } from "./group-buttons.ts";

export interface ToInboundOptions {
  /** Inbound.accountId for this bot ("" while there is a single Telegram bot). */
  accountId: string;
  /** The bot's username, so "/baocao@this_bot" typed in a group reaches the core as "/baocao". */
  botUsername?: string;
}

/**
 * A Telegram update as the conversation core sees it, or null when there is nothing to answer
 * (a service message, another bot, an update kind the core has no use for).
 * An edited message is marked `edited`: the host answers it with how to correct, never as the answer
 * to the current question. A message or press in a group is marked `inGroup`; a press there names the
 * person its buttons were shown to (`buttonsFor`, from group-buttons.ts; "" when the button names nobody).
 */
export function toInbound(update: Update, options: ToInboundOptions): Inbound | null {
  const base = { channel: "telegram" as const, accountId: options.accountId, updateRef: `telegram:${update.update_id}` };

  const callback = update.callback_query;
  if (callback) {
    if (callback.data === undefined || callback.from.is_bot) return null;
    // An inline-mode button has no message; its chat is the private chat with the presser.
    const chatId = callback.message?.chat.id ?? callback.from.id;
    const inGroup = callback.message !== undefined && callback.message.chat.type !== "private";
    if (!inGroup) return { ...base, chatId: String(chatId), ...senderOf(callback.from), choice: callback.data };
    const { choice, owner } = readButtonOwner(callback.data);
    return { ...base, chatId: String(chatId), ...senderOf(callback.from), choice, inGroup: true, buttonsFor: owner ?? "" };
  }

  const message = update.message ?? update.edited_message;
  if (!message?.from || message.from.is_bot) return null;
  const text = message.text ?? message.caption;
  const attachment = attachmentOf(message);
  if (text === undefined && !attachment) return null;
  return {
    ...base,
    ...(message.chat.type !== "private" ? { inGroup: true } : {}),
    ...(update.edited_message ? { edited: true } : {}),
    chatId: String(message.chat.id),
    ...senderOf(message.from),
    ...(text !== undefined ? { text: withoutBotMention(text, options.botUsername) } : {}),
    ...(attachment ? { attachment } : {}),
  };
}

function senderOf(user: User): Pick<Inbound, "senderId" | "senderName"> {
  const name = [user.first_name, user.last_name].filter((part) => part && part.trim() !== "").join(" ").trim();
  return { senderId: String(user.id), ...(name ? { senderName: name } : {}) };
}

/** Evidence (photos, documents) keeps its file ids; anything else only says what it was, so the core can decline it. */
function attachmentOf(message: Message): Attachment | undefined {
  if (message.photo && message.photo.length > 0) {
    const photo = largestPhoto(message.photo);
    return { kind: "photo", fileId: photo.file_id, fileUniqueId: photo.file_unique_id, ...(photo.file_size !== undefined ? { sizeBytes: photo.file_size } : {}) };
  }
  // A GIF arrives with both `animation` and `document`; it is a clip, not a file to keep as evidence.
  if (message.animation || message.video || message.video_note) return { kind: "video" };
  if (message.document) {
    const d = message.document;
    return {
      kind: "document",
      fileId: d.file_id,
      fileUniqueId: d.file_unique_id,
      ...(d.file_name !== undefined ? { fileName: d.file_name } : {}),
      ...(d.mime_type !== undefined ? { mimeType: d.mime_type } : {}),
      ...(d.file_size !== undefined ? { sizeBytes: d.file_size } : {}),
    };
  }
  if (message.sticker) return { kind: "sticker" };
  if (message.voice) return { kind: "voice" };
  if (message.audio) return { kind: "audio" };
  if (message.location || message.venue) return { kind: "location" };
  if (message.contact) return { kind: "contact" };
  if (message.poll || message.dice || message.game || message.story || message.invoice || message.paid_media || message.checklist) return { kind: "other" };
  return undefined;
}

/** Telegram lists a photo's sizes smallest first, but nothing promises it: pick by area, then bytes. */
function largestPhoto(sizes: PhotoSize[]): PhotoSize {
  return sizes.reduce((best, size) => {
    const area = size.width * size.height;
    const bestArea = best.width * best.height;
    if (area !== bestArea) return area > bestArea ? size : best;
    return (size.file_size ?? 0) > (best.file_size ?? 0) ? size : best;
  });
}

function withoutBotMention(text: string, botUsername: string | undefined): string {
  if (!botUsername || !text.startsWith("/")) return text;
  const match = /^(\/[A-Za-z0-9_]+)@([A-Za-z0-9_]+)(?=\s|$)/.exec(text);
  if (!match || match[2]?.toLowerCase() !== botUsername.toLowerCase()) return text;
  return `${match[1]}${text.slice(match[0].length)}`;
}
