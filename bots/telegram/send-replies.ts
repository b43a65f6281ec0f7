import { GrammyError, type Api } from "grammy";
import type { Reply } from "../../src/chat/types.ts";
import { renderReply } from "./render-reply.ts";
import type { TelegramDeps } from "./telegram-deps.ts";

export interface ReplyTarget {
  chatId: string;
  senderId: string;
  /** In a group: the sender's message the answer replies to, so the group sees whose answer it is. */
  replyToMessageId?: number;
}

/** Sending stopped on an error other than a 403: `unsent` are the replies (whole) that did not go out. */
export class RepliesNotSentError extends Error {
  override name = "RepliesNotSentError";
  constructor(
    readonly unsent: Reply[],
    override readonly cause: unknown,
  ) {
    super(`${unsent.length} repl${unsent.length === 1 ? "y" : "ies"} not sent: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Sends the replies in order. Everything is rendered first, so a reply that cannot be rendered
 * fails before half of the answer went out. A 403 means the person blocked the bot (or left the
 * group): mark a private chat blocked and stop quietly — retrying or failing the update helps no one.
 * Any other failure throws RepliesNotSentError, naming the replies still to send.
 */
export async function sendReplies(api: Api, target: ReplyTarget, replies: Reply[], deps: Pick<TelegramDeps, "chat" | "accountId" | "logger">): Promise<"sent" | "blocked"> {
  const rendered = replies.map(renderReply);
  for (const [index, messages] of rendered.entries()) {
    for (const message of messages) {
      try {
        await api.sendMessage(target.chatId, message.text, {
          link_preview_options: message.link_preview_options,
          ...(target.replyToMessageId !== undefined ? { reply_parameters: { message_id: target.replyToMessageId, allow_sending_without_reply: true } } : {}),
          ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
        });
      } catch (err) {
        if (!(err instanceof GrammyError) || err.error_code !== 403) throw new RepliesNotSentError(replies.slice(index), err);
        const privateChat = target.chatId === target.senderId;
        if (privateChat) await deps.chat.setBlocked("telegram", deps.accountId, target.senderId, true);
        deps.logger.info({ privateChat, description: err.description }, "telegram refused to deliver: bot blocked or removed");
        return "blocked";
      }
    }
  }
  return "sent";
}
