import type { Db } from "../../db/client.ts";
import type { TelegramUser } from "./telegram-updates.ts";

/**
 * Each user's next "Lưu" as a real client would press it: on the latest confirmation. Button ids
 * carry the chat's offer counter ("c1.7": a press on an older keyboard is refused), every "5G 72"
 * offers once and a press offers nothing, so the next id is the stored counter plus one. Read
 * afresh before each run from the stored conversations (not from the fake Bot API, whose process
 * would then be busy collecting garbage during the run). `sample` is one "Lưu" id seen before.
 */
export async function saveButtons(db: Db, sample: string): Promise<(u: TelegramUser) => string> {
  const position = sample.replace(/\.[0-9a-z]+$/, "");
  const seq = new Map<string, number>();
  const rows = (await db.$executor.execute("select chat_id, session from conversation_states where channel = 'telegram'", [], "all")).rows as [string, string][];
  for (const [chatId, session] of rows) seq.set(chatId.split("/").at(-1)!, (JSON.parse(session) as { offerSeq?: number }).offerSeq ?? 0);
  return (u) => {
    const next = (seq.get(String(u.id)) ?? 0) + 1;
    seq.set(String(u.id), next);
    return `${position}.${next.toString(36)}`;
  };
}
