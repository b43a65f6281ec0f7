/**
 * Telegram-shaped updates for one official in a private chat, as the webhook receives them
 * (the same shapes as tests/e2e/telegram-conversations.test.ts).
 */
const date = 1_795_600_000;
const botUser = { id: 7000000001, is_bot: true, first_name: "Chỉ tiêu" };

export function telegramUser(id: number, languageCode = "vi") {
  const from = { id, is_bot: false, first_name: `Official ${id}`, language_code: languageCode };
  const chat = { id, type: "private" as const, first_name: from.first_name };
  return {
    id,
    text(updateId: number, text: string) {
      const command = /^\/\S+/.exec(text)?.[0];
      return {
        update_id: updateId,
        message: { message_id: updateId, date, chat, from, text, ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}) },
      };
    },
    press(updateId: number, data: string) {
      return {
        update_id: updateId,
        callback_query: { id: `cb-${updateId}`, from, chat_instance: "ci", data, message: { message_id: 1, date, chat, text: "…", from: botUser } },
      };
    },
  };
}

export type TelegramUser = ReturnType<typeof telegramUser>;
