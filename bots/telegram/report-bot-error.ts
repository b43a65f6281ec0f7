import type { BotError, Context } from "grammy";
import { describeError } from "./describe-error.ts";
import { sendReplies } from "./send-replies.ts";
import type { TelegramDeps } from "./telegram-deps.ts";

/**
 * The error boundary's handler. It must not throw: in webhook mode a throw becomes a 500 and
 * Telegram delivers the update again. Logs a reference id (never the message text) and gives the
 * person that id in a short apology, so support can find the log line.
 */
export function reportBotError(deps: TelegramDeps): (error: BotError<Context>) => Promise<void> {
  return async (error) => {
    const ctx = error.ctx;
    const ref = deps.newRef();
    const updateId = ctx.update.update_id;
    deps.logger.error({ ref, updateId, updateKind: updateKindOf(ctx), err: describeError(error.error) }, "telegram update failed");
    const chatId = ctx.chatId;
    const from = ctx.from;
    const someoneIsWaiting = ctx.message !== undefined || ctx.editedMessage !== undefined || ctx.callbackQuery !== undefined;
    if (!someoneIsWaiting || chatId === undefined || !from) return;
    try {
      const text = deps.apology(ref, from.language_code);
      await sendReplies(ctx.api, { chatId: String(chatId), senderId: String(from.id) }, [{ text, choices: [] }], deps);
    } catch (err) {
      deps.logger.warn({ ref, updateId, err: describeError(err) }, "telegram apology could not be sent");
    }
  };
}

function updateKindOf(ctx: Context): string {
  return Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
}
