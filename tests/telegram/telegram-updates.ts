import type { Update, User } from "grammy/types";

/** Updates shaped like the ones Telegram posts, for a private chat with one official. */
export const official: User = { id: 501, is_bot: false, first_name: "Nguyễn", last_name: "Văn An", language_code: "vi" };
const date = 1_763_880_000;
const privateChat = { id: official.id, type: "private" as const, first_name: official.first_name };

export function textUpdate(updateId: number, text: string, from: User = official): Update {
  const command = /^\/\S+/.exec(text)?.[0];
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date,
      chat: { ...privateChat, id: from.id },
      from,
      text,
      ...(command ? { entities: [{ type: "bot_command" as const, offset: 0, length: command.length }] } : {}),
    },
  };
}

export function pressUpdate(updateId: number, data: string): Update {
  return {
    update_id: updateId,
    callback_query: {
      id: `cbq-${updateId}`,
      from: official,
      chat_instance: "ci-1",
      data,
      message: { message_id: 900, date, chat: privateChat, text: "Bạn gửi: 72,5%", from: { id: 7000000001, is_bot: true, first_name: "Chỉ tiêu" } },
    },
  };
}

export function photoUpdate(updateId: number, caption?: string): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date,
      chat: privateChat,
      from: official,
      photo: [
        { file_id: "photo-s", file_unique_id: "u-s", width: 90, height: 60, file_size: 1_200 },
        { file_id: "photo-l", file_unique_id: "u-l", width: 1280, height: 853, file_size: 182_000 },
        { file_id: "photo-m", file_unique_id: "u-m", width: 320, height: 213, file_size: 14_000 },
      ],
      ...(caption ? { caption } : {}),
    },
  };
}

export function stickerUpdate(updateId: number): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date,
      chat: privateChat,
      from: official,
      sticker: { file_id: "st-1", file_unique_id: "st-u1", type: "regular", width: 512, height: 512, is_animated: false, is_video: false, emoji: "👍" },
    },
  };
}

export function myChatMemberUpdate(updateId: number, status: "kicked" | "member"): Update {
  const bot = { id: 7000000001, is_bot: true, first_name: "Chỉ tiêu", username: "chitieu_test_bot" };
  return {
    update_id: updateId,
    my_chat_member: {
      chat: privateChat,
      from: official,
      date,
      old_chat_member: status === "kicked" ? { user: bot, status: "member" } : { user: bot, status: "kicked", until_date: 0 },
      new_chat_member: status === "kicked" ? { user: bot, status: "kicked", until_date: 0 } : { user: bot, status: "member" },
    },
  };
}
