import { Composer, type Context } from "grammy";
import type { TelegramDeps } from "./telegram-deps.ts";

/**
 * Telegram tells us when a person blocks the bot (kicked) or starts it again (member), so
 * reminders stop and resume. Only private chats count: in a group the update is about the group.
 */
export function blockStatus(deps: Pick<TelegramDeps, "chat" | "accountId" | "logger">): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on("my_chat_member", async (ctx) => {
    const change = ctx.myChatMember;
    if (change.chat.type !== "private") return;
    const status = change.new_chat_member.status;
    if (status !== "kicked" && status !== "member") return;
    await deps.chat.setBlocked("telegram", deps.accountId, String(change.from.id), status === "kicked");
    deps.logger.info({ updateId: ctx.update.update_id, blocked: status === "kicked" }, "telegram block status changed");
  });
  return composer;
}
