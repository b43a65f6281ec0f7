import type { Message, Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { toInbound } from "../../bots/telegram/to-inbound.ts";
import { official, photoUpdate, pressUpdate, stickerUpdate, textUpdate } from "./telegram-updates.ts";

const options = { accountId: "", botUsername: "chitieu_test_bot" };

function messageUpdate(fields: Partial<Message>, chat: Message["chat"] = { id: 501, type: "private", first_name: "Nguyễn" }): Update {
  return { update_id: 40, message: { message_id: 1, date: 1_763_880_000, chat, from: official, ...fields } } as Update;
}

describe("toInbound", () => {
  it("reads a text message with who sent it and which update carried it", () => {
    expect(toInbound(textUpdate(77, "Báo cáo 1.1: 72,5%"), options)).toEqual({
      channel: "telegram",
      accountId: "",
      chatId: "501",
      senderId: "501",
      senderName: "Nguyễn Văn An",
      text: "Báo cáo 1.1: 72,5%",
      updateRef: "telegram:77",
    });
  });

  it("names a sender who has only a first name", () => {
    const from = { id: 502, is_bot: false, first_name: "Lan" };
    expect(toInbound(textUpdate(1, "hi", from), options)).toMatchObject({ senderId: "502", chatId: "502", senderName: "Lan" });
  });

  it("keeps '/start CODE' from a deep link as text", () => {
    expect(toInbound(textUpdate(1, "/start INV-7K2Q9"), options)?.text).toBe("/start INV-7K2Q9");
  });

  it("drops this bot's @name from a command typed in a group, and keeps another bot's", () => {
    const group = { id: -100123, type: "supergroup" as const, title: "Sở KH&CN" };
    expect(toInbound(messageUpdate({ text: "/baocao@chitieu_test_bot 1.1" }, group), options)).toMatchObject({ chatId: "-100123", senderId: "501", text: "/baocao 1.1" });
    expect(toInbound(messageUpdate({ text: "/baocao@Chitieu_Test_Bot" }, group), options)?.text).toBe("/baocao");
    expect(toInbound(messageUpdate({ text: "/baocao@other_bot" }, group), options)?.text).toBe("/baocao@other_bot");
  });

  it("turns a button press into a choice in the chat of the message that carried the button", () => {
    expect(toInbound(pressUpdate(5, "item:12"), options)).toEqual({
      channel: "telegram",
      accountId: "",
      chatId: "501",
      senderId: "501",
      senderName: "Nguyễn Văn An",
      choice: "item:12",
      updateRef: "telegram:5",
    });
  });

  it("uses the presser's private chat for a button without a message", () => {
    const update: Update = { update_id: 6, callback_query: { id: "q", from: official, chat_instance: "c", inline_message_id: "im", data: "yes" } };
    expect(toInbound(update, options)).toMatchObject({ chatId: "501", choice: "yes" });
  });

  it("takes the largest photo size and its caption", () => {
    expect(toInbound(photoUpdate(7, "Biên bản"), options)).toMatchObject({
      text: "Biên bản",
      attachment: { kind: "photo", fileId: "photo-l", fileUniqueId: "u-l", sizeBytes: 182_000 },
    });
  });

  it("keeps a document's name, type and size", () => {
    const update = messageUpdate({
      document: { file_id: "doc-1", file_unique_id: "doc-u1", file_name: "Báo cáo quý II.pdf", mime_type: "application/pdf", file_size: 52_431 },
      caption: "Kèm báo cáo",
    });
    expect(toInbound(update, options)).toMatchObject({
      text: "Kèm báo cáo",
      attachment: { kind: "document", fileId: "doc-1", fileUniqueId: "doc-u1", fileName: "Báo cáo quý II.pdf", mimeType: "application/pdf", sizeBytes: 52_431 },
    });
  });

  it.each<[string, Partial<Message>, string]>([
    ["a sticker", { sticker: stickerUpdate(1).message?.sticker }, "sticker"],
    ["a voice note", { voice: { file_id: "v", file_unique_id: "vu", duration: 3 } }, "voice"],
    ["a video", { video: { file_id: "v", file_unique_id: "vu", width: 1, height: 1, duration: 3 } }, "video"],
    ["a GIF (which also arrives as a document)", { animation: { file_id: "a", file_unique_id: "au", width: 1, height: 1, duration: 1 }, document: { file_id: "a", file_unique_id: "au" } }, "video"],
    ["an audio file", { audio: { file_id: "a", file_unique_id: "au", duration: 3 } }, "audio"],
    ["a location", { location: { latitude: 21.0, longitude: 105.8 } }, "location"],
    ["a contact", { contact: { phone_number: "0912345678", first_name: "Lan" } }, "contact"],
    ["a dice", { dice: { emoji: "🎲", value: 3 } }, "other"],
  ])("says %s arrived so the core can decline it", (_label, fields, kind) => {
    const inbound = toInbound(messageUpdate(fields), options);
    expect(inbound).toMatchObject({ senderId: "501", attachment: { kind } });
    expect(inbound?.attachment).toEqual({ kind });
  });

  it("passes an edited message on like a new one", () => {
    const update: Update = { update_id: 9, edited_message: { ...(textUpdate(9, "72,6%").message as Message), edit_date: 1_763_880_100 } as Update["edited_message"] };
    expect(toInbound(update, options)).toMatchObject({ text: "72,6%", updateRef: "telegram:9" });
  });

  it("ignores service messages, other bots and updates with nothing to answer", () => {
    expect(toInbound(messageUpdate({ new_chat_members: [official] }), options)).toBeNull();
    expect(toInbound(textUpdate(1, "hi", { id: 9, is_bot: true, first_name: "Other bot" }), options)).toBeNull();
    expect(toInbound({ update_id: 2, callback_query: { id: "q", from: official, chat_instance: "c", game_short_name: "g" } }, options)).toBeNull();
    expect(toInbound({ update_id: 3 }, options)).toBeNull();
  });

  it("marks an edit, a group message, and whose buttons a press in a group was on", () => {
    const group = { id: -100123, type: "supergroup" as const, title: "Tổ báo cáo" };
    const edit = { update_id: 41, edited_message: { message_id: 1, date: 1_763_880_000, edit_date: 1_763_880_060, chat: { id: 501, type: "private" as const, first_name: "Nguyễn" }, from: official, text: "1.650" } } as Update;
    expect(toInbound(edit, options)).toMatchObject({ text: "1.650", edited: true });
    expect(toInbound(edit, options)).not.toHaveProperty("inGroup");
    expect(toInbound(messageUpdate({ text: "/baocao@chitieu_test_bot" }, group), options)).toMatchObject({ chatId: "-100123", senderId: "501", text: "/baocao", inGroup: true });
    const press = (data: string): Update => ({
      update_id: 42,
      callback_query: { id: "q", from: official, chat_instance: "c", data, message: { message_id: 9, date: 1_763_880_000, chat: group, text: "…", from: { id: 7000000001, is_bot: true, first_name: "Chỉ tiêu" } } },
    });
    expect(toInbound(press("c1.7~501"), options)).toMatchObject({ choice: "c1.7", inGroup: true, buttonsFor: "501" });
    expect(toInbound(press("c1.7~999"), options)).toMatchObject({ choice: "c1.7", buttonsFor: "999" });
    // A keyboard that names nobody (sent before buttons carried their owner) belongs to no one here.
    expect(toInbound(press("c1.7"), options)).toMatchObject({ choice: "c1.7", buttonsFor: "" });
    expect(toInbound(pressUpdate(43, "c1.7"), options)).not.toHaveProperty("buttonsFor");
  });
});
