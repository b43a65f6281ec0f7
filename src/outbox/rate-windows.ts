import type { RateLimits } from "./channel-sender.ts";

/** At most `limit` sends in any `windowMs`. */
export interface WindowRule {
  limit: number;
  windowMs: number;
}

/**
 * A channel's limits as sliding windows. The whole channel: 30/s is 30 in any second (a fractional
 * rate keeps its average: 2.5/s is 2 in any 800 ms). One chat: evenly spaced, 1/s is one message a
 * second and never two in a burst. A group adds its per-minute window (20 in any minute). The fake
 * Bot API measures with the same rules.
 */
export function rateWindows(limits: RateLimits): { global: WindowRule[]; chat: (chatId: string) => WindowRule[] } {
  const global = [perPeriod(limits.perSecond, 1000)];
  const privateChat = [{ limit: 1, windowMs: 1000 / positive(limits.perChatPerSecond) }];
  const group = limits.perGroupPerMinute ? [...privateChat, perPeriod(limits.perGroupPerMinute, 60_000)] : privateChat;
  return { global, chat: (chatId) => (limits.isGroup?.(chatId) ? group : privateChat) };
}

function perPeriod(rate: number, periodMs: number): WindowRule {
  if (positive(rate) < 1) return { limit: 1, windowMs: periodMs / rate };
  const limit = Math.floor(rate);
  return { limit, windowMs: (periodMs * limit) / rate };
}

function positive(rate: number): number {
  if (!(rate > 0)) throw new Error(`A rate limit must be a positive number (got ${rate})`);
  return rate;
}
