import type { Context, MiddlewareFn } from "grammy";

/**
 * One update at a time per chat. Telegram delivers webhook updates concurrently, so two quick taps
 * would otherwise race through the same conversation and their answers could arrive out of order.
 * Different chats still run in parallel.
 */
export function sequentializeByChat(): MiddlewareFn<Context> {
  const tails = new Map<string, Promise<void>>();
  return async (ctx, next) => {
    const key = ctx.chatId ?? ctx.from?.id;
    if (key === undefined) return next();
    const id = String(key);
    const previous = tails.get(id) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    tails.set(id, tail);
    try {
      await previous;
      await next();
    } finally {
      release();
      if (tails.get(id) === tail) tails.delete(id);
    }
  };
}
