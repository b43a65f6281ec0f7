import { ThreadType, type Message } from "zca-js";
import type { Attachment } from "../../../src/chat/types.ts";
import type { ZaloInbound } from "../zalo-transport.ts";

/**
 * One zca-js message as the glue's ZaloInbound, or undefined for what we never answer: our own
 * messages (another device of the account) and group messages unless groups are allowed.
 * Text is `data.content` as a string; photos (`chat.photo`) and files (`share.file`) come as an
 * object whose `href` is the download URL, kept as the attachment's fileId; a photo's caption is
 * its `title`. Stickers, voice, video, locations and cards become attachments of those kinds, so
 * the core can say what it expects instead.
 */
export function toZaloInbound(message: Message, options: { allowGroups: boolean }): ZaloInbound | undefined {
  if (message.isSelf) return undefined;
  const isGroup = message.type === ThreadType.Group;
  if (isGroup && !options.allowGroups) return undefined;
  const { data } = message;
  const base: ZaloInbound = {
    messageId: String(data.msgId),
    chatId: String(message.threadId),
    senderId: String(data.uidFrom),
    isGroup,
    ...(data.dName ? { senderName: data.dName } : {}),
  };
  if (typeof data.content === "string") return { ...base, text: data.content };
  const content = data.content as Record<string, unknown>;
  switch (data.msgType) {
    case "chat.photo": {
      const href = stringField(content, "href");
      if (!href) return { ...base, attachment: { kind: "other" } };
      const caption = stringField(content, "title")?.trim();
      return { ...base, attachment: photo(href), ...(caption ? { text: caption } : {}) };
    }
    case "share.file": {
      const href = stringField(content, "href");
      if (!href) return { ...base, attachment: { kind: "other" } };
      return { ...base, attachment: document(href, content) };
    }
    case "chat.link": {
      // The URL itself matters (a link is accepted as evidence): kept beside a title that does not hold it.
      const title = stringField(content, "title");
      const href = stringField(content, "href");
      const link = title && href && !title.includes(href) ? `${title}\n${href}` : (title ?? href);
      return link ? { ...base, text: link } : { ...base, attachment: { kind: "other" } };
    }
    default:
      return { ...base, attachment: { kind: otherKinds[data.msgType] ?? "other" } };
  }
}

const otherKinds: Record<string, Exclude<Attachment["kind"], "photo" | "document">> = {
  "chat.sticker": "sticker",
  "chat.gif": "sticker",
  "chat.doodle": "other",
  "chat.voice": "voice",
  "chat.video.msg": "video",
  "chat.location.new": "location",
  "chat.recommended": "contact",
};

function photo(href: string): Attachment {
  const fileName = fileNameOf(href);
  return { kind: "photo", fileId: href, ...(fileName ? { fileName } : {}) };
}

function document(href: string, content: Record<string, unknown>): Attachment {
  const params = jsonParams(content);
  const fileName = stringField(content, "title") ?? fileNameOf(href);
  const size = Number(params.fileSize);
  return {
    kind: "document",
    fileId: href,
    ...(fileName ? { fileName } : {}),
    ...(Number.isFinite(size) && size > 0 ? { sizeBytes: size } : {}),
  };
}

function stringField(content: Record<string, unknown>, name: string): string | undefined {
  const value = content[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** An attachment's `params` is a JSON string (file size, extension, checksum); anything else reads as empty. */
function jsonParams(content: Record<string, unknown>): Record<string, unknown> {
  const raw = content.params;
  if (typeof raw !== "string") return typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function fileNameOf(url: string): string | undefined {
  try {
    const last = new URL(url).pathname.split("/").filter(Boolean).at(-1);
    return last && /\.[A-Za-z0-9]{2,5}$/.test(last) ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}
