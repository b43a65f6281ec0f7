import type { Update } from "grammy/types";
import type { Db } from "../../db/client.ts";
import { ensureChatAccount, linkChatAccount } from "../../db/repositories/chat-repository.ts";
import { findPersonByPhone } from "../../db/repositories/people-repository.ts";
import type { FakeTelegram, RecordedCall } from "./fake-telegram.ts";

const date = 1_795_600_000;
let nextUpdateId = 50_000;
const bot = { id: 7000000001, is_bot: true, first_name: "Chỉ tiêu" };

export interface TelegramGroup {
  id: number;
  title: string;
}

/** A button as the fake Bot API received it, with the message that carried it. */
export interface SentButton {
  text: string;
  data: string;
  messageId: number;
}

/**
 * One person on Telegram, writing in their private chat or in a group: the updates Telegram would
 * post for them (ids from one counter, so two people never share one).
 */
export function telegramPerson(userId: number, firstName: string, languageCode = "vi") {
  const from = { id: userId, is_bot: false, first_name: firstName, language_code: languageCode };
  const chatOf = (group?: TelegramGroup) => (group ? { id: group.id, type: "supergroup" as const, title: group.title } : { id: userId, type: "private" as const, first_name: firstName });
  return {
    userId,
    text(text: string, group?: TelegramGroup): Update {
      const id = ++nextUpdateId;
      const command = /^\/\S+/.exec(text)?.[0];
      return {
        update_id: id,
        message: { message_id: id, date, chat: chatOf(group), from, text, ...(command ? { entities: [{ type: "bot_command" as const, offset: 0, length: command.length }] } : {}) },
      };
    },
    /** An edit of one of their earlier messages (message_id = that message's update id here). */
    edit(messageId: number, text: string, group?: TelegramGroup): Update {
      return { update_id: ++nextUpdateId, edited_message: { message_id: messageId, date, edit_date: date + 60, chat: chatOf(group), from, text } };
    },
    /** A press on a button the bot sent (in this chat or the group). */
    press(button: SentButton, group?: TelegramGroup): Update {
      const id = ++nextUpdateId;
      return { update_id: id, callback_query: { id: `cb-${id}`, from, chat_instance: "ci", data: button.data, message: { message_id: button.messageId, date, chat: chatOf(group), text: "…", from: bot } } };
    },
  };
}

export type TelegramPerson = ReturnType<typeof telegramPerson>;

/** Links a Telegram user to a person of the database (by phone), as an invite code would. */
export async function linkTelegram(db: Db, phone: string, userId: number): Promise<void> {
  const person = await findPersonByPhone(db, phone);
  if (!person) throw new Error(`no person with phone ${phone}: load the demo first`);
  const account = await ensureChatAccount(db, { channel: "telegram", accountId: "", externalUserId: String(userId), displayName: person.name });
  await linkChatAccount(db, account.id, person.id, new Date("2026-11-01T00:00:00Z"));
}

/** The sendMessage calls to a chat from index `from` on, with their buttons. */
export function messagesTo(fake: FakeTelegram, chatId: number, from = 0): { call: RecordedCall; text: string; buttons: SentButton[] }[] {
  return fake
    .callsOf("sendMessage")
    .filter((c) => String(c.payload.chat_id) === String(chatId))
    .slice(from)
    .map((call, i) => {
      const markup = call.payload.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
      const messageId = 90_000 + i;
      return { call, text: String(call.payload.text), buttons: (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data, messageId })) };
    });
}
