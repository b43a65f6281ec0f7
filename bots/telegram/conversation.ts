import { Composer, type Context } from "grammy";
import type { ChatOutcome } from "../../src/chat/chat-service.ts";
import type { Reply } from "../../src/chat/types.ts";
import { describeError } from "./describe-error.ts";
import { sendReplies } from "./send-replies.ts";
import type { TelegramDeps } from "./telegram-deps.ts";
import { toInbound } from "./to-inbound.ts";

/** Messages and button presses: map to an Inbound, let the core decide, send what it answered. */
export function conversation(deps: TelegramDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on(["message", "edited_message", "callback_query"], async (ctx) => {
    const inbound = toInbound(ctx.update, { accountId: deps.accountId, botUsername: ctx.me.username });
    let outcome: ChatOutcome | undefined;
    try {
      if (inbound) outcome = await deps.chat.handle(inbound);
    } finally {
      // Even when the core failed: an unanswered press leaves the button spinning on the phone.
      if (ctx.callbackQuery) await answerPress(ctx, deps);
    }
    if (!inbound || !outcome) return;
    const replies = repliesOf(outcome, ctx.from?.language_code, deps);
    await sendReplies(ctx.api, { chatId: inbound.chatId, senderId: inbound.senderId }, replies, deps);
  });
  return composer;
}

/** The host normally renders its own apology; if it reported a failure with nothing to say, say sorry here. */
function repliesOf(outcome: ChatOutcome, languageCode: string | undefined, deps: TelegramDeps): Reply[] {
  if (outcome.replies.length === 0 && outcome.errorRef) return [{ text: deps.apology(outcome.errorRef, languageCode), choices: [] }];
  return outcome.replies;
}

/** A press answered too late ("query is too old") is harmless; the reply message still goes out. */
async function answerPress(ctx: Context, deps: TelegramDeps): Promise<void> {
  try {
    await ctx.answerCallbackQuery();
  } catch (err) {
    deps.logger.warn({ updateId: ctx.update.update_id, err: describeError(err) }, "telegram callback query could not be answered");
  }
}
