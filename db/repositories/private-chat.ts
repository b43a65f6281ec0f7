import { eq } from "drizzle-orm";
import { chatAccounts } from "../schema.ts";

/**
 * The chat accounts whose chat is the person's private chat: on every channel we speak (Telegram,
 * both Zalo transports, the dev chat) a private chat's id is the user's id, and a group's is not.
 * Personal messages (reminders, digests, escalations, broadcasts, notices) are written only there:
 * a row left pointing at a group (before group chats were keyed by sender) is skipped until the
 * person writes again, which points it back at their private chat.
 */
export const inPrivateChat = eq(chatAccounts.chatId, chatAccounts.externalUserId);
