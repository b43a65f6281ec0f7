import type { Db } from "../../db/client.ts";
import { recentSends } from "../../db/repositories/outbox-repository.ts";
import type { WindowRule } from "./rate-windows.ts";
import type { SendGate } from "./send-gate.ts";
import { SlidingWindowLimiter } from "./sliding-window-limiter.ts";

/**
 * The send gate of a single instance (SQLite): the channel's and each chat's sliding windows in
 * memory (SlidingWindowLimiter). Each grant is taken synchronously, before any await, so the lane's
 * workers never both take the last place of a window.
 */
export function memorySendGate(o: { db: Db; channel: string; global: WindowRule[] }): SendGate {
  const limiter = new SlidingWindowLimiter();
  const answered = signal();
  let seeded = false;
  return {
    async prepare(nowMs) {
      // A dispatcher started right after another stopped (a crash, a quick restart) would otherwise see
      // an empty window and send a second's worth at once on top of what its predecessor just sent.
      if (!seeded) {
        seeded = true;
        const horizon = Math.max(...o.global.map((r) => r.windowMs));
        const { sentAt, unrecorded } = await recentSends(o.db, o.channel, new Date(nowMs - horizon));
        for (const at of sentAt) limiter.recordPast("", o.global, at.getTime());
        // Claimed and not recorded: perhaps sent just now, for all we know.
        for (let i = 0; i < unrecorded; i++) limiter.recordPast("", o.global, nowMs);
      }
      limiter.prune(nowMs);
    },
    // Not async on purpose: the check and the grant happen in one synchronous step.
    acquire(chatKey, chatRules, nowMs) {
      const chatFree = limiter.earliest(chatKey, chatRules, nowMs);
      // A message to this chat is in flight (Infinity): try again a window from now.
      if (chatFree > nowMs) return Promise.resolve({ type: "chat_waits", until: Number.isFinite(chatFree) ? chatFree : nowMs + chatRules[0]!.windowMs });
      const at = limiter.earliest("", o.global, nowMs);
      if (!Number.isFinite(at)) return Promise.resolve({ type: "full", room: answered.next() });
      limiter.begin("", o.global, at);
      limiter.begin(chatKey, chatRules, at);
      return Promise.resolve({ type: "granted", at, ticket: { chatKey } });
    },
    answered(ticket, atMs) {
      limiter.end("", atMs);
      limiter.end(ticket.chatKey, atMs);
      answered.notify();
      return Promise.resolve();
    },
    pause(chatKey, untilMs) {
      limiter.pause(chatKey, untilMs);
      return Promise.resolve();
    },
  };
}

function signal(): { next(): Promise<void>; notify(): void } {
  let waiting: (() => void)[] = [];
  return {
    next: () => new Promise<void>((resolve) => waiting.push(resolve)),
    notify: () => {
      const w = waiting;
      waiting = [];
      for (const resolve of w) resolve();
    },
  };
}
