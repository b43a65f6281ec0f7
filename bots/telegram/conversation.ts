import { Composer, type Context } from "grammy";
import type { ChatOutcome } from "../../src/chat/chat-service.ts";
import type { Inbound, Reply } from "../../src/chat/types.ts";
import { describeError } from "./describe-error.ts";
import { downloadEvidence } from "./download-evidence.ts";
import { ownButtons } from "./group-buttons.ts";
import { RepliesNotSentError, sendReplies } from "./send-replies.ts";
import type { TelegramDeps } from "./telegram-deps.ts";
import { toInbound } from "./to-inbound.ts";

/** Messages and button presses: map to an Inbound, let the core decide, send what it answered. */
export function conversation(deps: TelegramDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on(["message", "edited_message", "callback_query"], async (ctx) => {
    const mapped = toInbound(ctx.update, { accountId: deps.accountId, botUsername: ctx.me.username });
    const inbound = mapped && (await withEvidenceCopy(ctx, mapped, deps));
    let outcome: ChatOutcome | undefined;
    try {
      if (inbound) outcome = await deps.chat.handle(inbound);
    } finally {
      // Even when the core failed: an unanswered press leaves the button spinning on the phone.
      if (ctx.callbackQuery) await answerPress(ctx, deps);
    }
    if (!inbound || !outcome) return;
    const answer = repliesOf(outcome, ctx.from?.language_code, deps);
    const replies = inbound.inGroup ? ownButtons(answer, inbound.senderId) : answer;
    try {
      const replyTo = inbound.inGroup ? ctx.msg?.message_id : undefined;
      await sendReplies(ctx.api, { chatId: inbound.chatId, senderId: inbound.senderId, ...(replyTo !== undefined ? { replyToMessageId: replyTo } : {}) }, replies, deps);
    } catch (err) {
      // The turn has committed (a figure may be saved): its answer is late, not wrong. The outbox sends
      // the rest, retrying; an apology now would tell the person to try again what is already done.
      if (!(err instanceof RepliesNotSentError) || outcome.errorRef) throw err;
      await deps.chat.queueReplies(inbound, err.unsent);
      deps.logger.warn({ updateId: ctx.update.update_id, unsent: err.unsent.length, err: describeError(err.cause) }, "telegram reply not sent: queued in the outbox");
    }
  });
  return composer;
}

/**
 * DOWNLOAD_EVIDENCE: a photo or document is copied into the data folder before the core sees it,
 * and its Inbound carries the local path. A failed download leaves the Inbound as it was (file id only).
 */
async function withEvidenceCopy(ctx: Context, inbound: Inbound, deps: TelegramDeps): Promise<Inbound> {
  const a = inbound.attachment;
  if (!deps.evidence || !a || (a.kind !== "photo" && a.kind !== "document")) return inbound;
  const localPath = await downloadEvidence(ctx.api, a.fileId, {
    dataDir: deps.evidence.dataDir,
    logger: deps.logger,
    receivedAt: new Date((ctx.msg?.date ?? Math.floor(Date.now() / 1000)) * 1000),
    ...(a.fileUniqueId !== undefined ? { fileUniqueId: a.fileUniqueId } : {}),
    ...(a.mimeType !== undefined ? { mimeType: a.mimeType } : {}),
    ...(a.sizeBytes !== undefined ? { sizeBytes: a.sizeBytes } : {}),
    ...(deps.evidence.maxBytes !== undefined ? { maxBytes: deps.evidence.maxBytes } : {}),
  });
  return localPath ? { ...inbound, attachment: { ...a, localPath } } : inbound;
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
