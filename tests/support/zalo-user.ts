/**
 * Zalo Bot API webhook bodies from one person in a 1:1 chat, shaped as the documentation shows
 * them: {ok: true, result: {event_name, message: {from, chat, message_id, date, text | photo …}}}.
 * Message ids are unique per user; pass one explicitly to redeliver the same message. With `groupId`,
 * the same person writing in that group chat.
 */
export function zaloUser(id: string, displayName = `Cán bộ ${id}`, groupId?: string) {
  const from = { id, display_name: displayName, is_bot: false };
  const chat = groupId ? { id: groupId, chat_type: "GROUP" } : { id, chat_type: "PRIVATE" };
  let sequence = 0;
  const wrap = (eventName: string, message: Record<string, unknown>, messageId?: string) => ({
    ok: true,
    result: { event_name: eventName, message: { from, chat, message_id: messageId ?? `${id}${groupId ? `-${groupId}` : ""}-m${++sequence}`, date: 1_795_600_000_000 + sequence, ...message } },
  });
  return {
    id,
    text: (text: string, messageId?: string) => wrap("message.text.received", { text }, messageId),
    image: (photo: string, caption?: string, messageId?: string) => wrap("message.image.received", { photo, ...(caption !== undefined ? { caption } : {}) }, messageId),
    sticker: (messageId?: string) => wrap("message.sticker.received", { sticker: "0e078a2fb66a5f34067b", url: "https://zalo-api.zadn.vn/sticker.png" }, messageId),
    voice: (messageId?: string) => wrap("message.voice.received", { voice_url: "https://zalo-cdn.example.test/voice.aac" }, messageId),
    unsupported: (messageId?: string) => wrap("message.unsupported.received", {}, messageId),
    /** A conversation case's or the odd corpus's attachment, as Zalo would deliver it (no file or video events: unsupported). */
    attachment: (a: Record<string, unknown>, caption?: string) => {
      switch (a.kind) {
        case "photo":
          return wrap("message.image.received", { photo: `https://zalo-cdn.example.test/${String(a.fileId ?? "photo")}.jpg`, ...(caption ? { caption } : {}) });
        case "sticker":
          return wrap("message.sticker.received", { sticker: "0e078a2fb66a5f34067b" });
        case "voice":
          return wrap("message.voice.received", { voice_url: "https://zalo-cdn.example.test/voice.aac" });
        default:
          return wrap("message.unsupported.received", {});
      }
    },
  };
}

export type ZaloUser = ReturnType<typeof zaloUser>;

/** The numbered choices at the end of a Zalo text ("1. Báo cáo"), and the labels a words hint names ("Gõ "Bỏ qua" hoặc "Hủy"."). */
export function offeredIn(text: string): { numbered: string[]; words: string[] } {
  const lines = text.split("\n");
  const hint = lines.at(-1) ?? "";
  const listed: string[] = [];
  for (let i = lines.length - 2; i >= 0 && /^\d+\. /.test(lines[i]!); i--) listed.unshift(lines[i]!);
  const inOrder = /^(Trả lời|Reply) /.test(hint) && listed.every((line, i) => line.startsWith(`${i + 1}. `));
  const numbered = inOrder ? listed.map((line) => line.replace(/^\d+\. /, "")) : [];
  const words = /^(Gõ|Type) /.test(hint) ? [...hint.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) : [];
  return { numbered, words };
}
