import type { Attachment } from "../../../src/chat/types.ts";
import type { ZaloInbound } from "../zalo-transport.ts";
import type { ZaloBotUpdate } from "./parse-zalo-bot-updates.ts";

/**
 * A Bot API update as the Zalo glue reads it; undefined for updates that are not a person's message
 * (other events, a bot's own messages). Images keep their URL as the evidence's file id, stickers,
 * voice and unsupported messages become attachments the core answers with a hint.
 */
export function toZaloInbound(update: ZaloBotUpdate): ZaloInbound | undefined {
  const m = update.message;
  if (!m || m.from.is_bot) return undefined;
  const senderName = m.from.display_name ?? m.from.name ?? m.from.first_name;
  const base = {
    messageId: m.message_id,
    chatId: m.chat.id,
    senderId: m.from.id,
    ...(senderName ? { senderName } : {}),
    isGroup: (m.chat.chat_type ?? "").toUpperCase() === "GROUP",
  };
  const attachment = attachmentOf(update.event_name, m);
  if (attachment === null) return undefined;
  const text = update.event_name === "message.text.received" ? m.text : m.caption;
  return { ...base, ...(text !== undefined ? { text } : {}), ...(attachment ? { attachment } : {}) };
}

/** null: not a message event at all. */
function attachmentOf(eventName: string, m: NonNullable<ZaloBotUpdate["message"]>): Attachment | undefined | null {
  switch (eventName) {
    case "message.text.received":
      return undefined;
    case "message.image.received": {
      const url = m.photo_url ?? (typeof m.photo === "string" ? m.photo : undefined);
      return { kind: "photo", fileId: url ?? `zalo-message:${m.message_id}` };
    }
    case "message.sticker.received":
      return { kind: "sticker" };
    case "message.voice.received":
      return { kind: "voice" };
    default:
      return eventName.startsWith("message.") ? { kind: "other" } : null;
  }
}
