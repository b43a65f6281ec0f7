import type { Context, MiddlewareFn } from "grammy";
import type { TelegramDeps } from "./telegram-deps.ts";

/**
 * First in the pipeline: an update Telegram already delivered (after a timeout, a 5xx, or a restart
 * during long polling) stops here, before anything is handled or sent a second time. The claim is
 * recorded with the commit of the update's turn, or when the pipeline is done with it (finishUpdate):
 * an update still waiting in its chat's queue at a crash is handled when Telegram delivers it again.
 */
export function claimUpdate(deps: Pick<TelegramDeps, "chat" | "logger">): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    if (!await deps.chat.claimUpdate("telegram", String(updateId))) {
      deps.logger.debug({ updateId }, "telegram update seen before: skipped");
      return;
    }
    try {
      await next();
    } finally {
      await deps.chat.finishUpdate("telegram", String(updateId));
    }
  };
}
