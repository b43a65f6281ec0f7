import { inTransaction, type Db } from "../../db/client.ts";
import { answerSendSlots, insertSendSlots, liveSendSlots, lockSendSlots, pruneSendSlots } from "../../db/repositories/send-slots-repository.ts";
import type { WindowRule } from "./rate-windows.ts";
import type { SendGate } from "./send-gate.ts";
import { SlidingWindowLimiter } from "./sliding-window-limiter.ts";

export interface SharedSendGateOptions {
  db: Db;
  channel: string;
  global: WindowRule[];
  /** The dispatcher's lease: a slot granted longer ago and never answered belongs to an instance that died mid-send. */
  leaseMs: number;
  /** Waits in the clock's time while the channel's window is full of sends in flight (some maybe in other instances). */
  sleep: (ms: number) => Promise<void>;
}

/** A chat's slots (PostgreSQL text holds no NUL, the lane's separator): chat:["<account>","<chat>"]. */
const chatScope = (chatKey: string) => `chat:${JSON.stringify(chatKey.split("\u0000"))}`;
/** The chat's pause rows ("retry after"): a scope of their own. */
const pauseScope = (chatKey: string) => `pause:${JSON.stringify(chatKey.split("\u0000"))}`;

/**
 * The send gate every instance on one PostgreSQL database shares, so a channel's limits (Telegram's
 * ~30 messages a second over the bot, one a second per chat, 20 a minute per group) hold for the
 * deployment, not per instance. Each grant is a short transaction: the channel's advisory lock
 * (lockSendSlots), the slots any window can still see — the channel's, the chat's and the chat's
 * pause — replayed into a SlidingWindowLimiter (the same rule as in memory: a send counts from its
 * answer, and while in flight it counts inside every window), and the granted slots written. The
 * answer is written to the slots when the channel answers. A slot left unanswered past the lease
 * (its instance died mid-send) is no longer counted. Old slots are pruned before each round.
 * The instances' clocks must agree (NTP), as the outbox's leases already need.
 */
export function sharedSendGate(o: SharedSendGateOptions): SendGate {
  const { db, channel } = o;
  const globalHorizon = Math.max(...o.global.map((r) => r.windowMs));
  /** Room comes back at the rate the window lets sends through: ask again after one interval. */
  const pollMs = Math.max(5, Math.min(50, globalHorizon / Math.max(...o.global.map((r) => r.limit))));
  let horizonMs = globalHorizon;

  return {
    async prepare(nowMs) {
      await pruneSendSlots(db, channel, { answeredBefore: new Date(nowMs - horizonMs - 1000), grantedBefore: new Date(nowMs - o.leaseMs - horizonMs - 1000) });
    },
    async acquire(chatKey, chatRules, nowMs) {
      horizonMs = Math.max(horizonMs, ...chatRules.map((r) => r.windowMs));
      return await inTransaction(db, async () => {
        await lockSendSlots(db, channel);
        const chatHorizon = Math.max(...chatRules.map((r) => r.windowMs));
        const slots = await liveSendSlots(db, channel, ["", chatScope(chatKey), pauseScope(chatKey)], {
          answeredSince: new Date(nowMs - Math.max(globalHorizon, chatHorizon)),
          inFlightSince: new Date(nowMs - o.leaseMs),
        });
        const limiter = new SlidingWindowLimiter();
        for (const s of slots) {
          if (s.scope === pauseScope(chatKey)) {
            limiter.pause(chatKey, s.grantedAt.getTime());
            continue;
          }
          const [key, rules] = s.scope === "" ? ["", o.global] : [chatKey, chatRules];
          if (s.answeredAt) limiter.recordPast(key, rules, s.answeredAt.getTime());
          else limiter.begin(key, rules, s.grantedAt.getTime());
        }
        const chatFree = limiter.earliest(chatKey, chatRules, nowMs);
        if (chatFree > nowMs) return { type: "chat_waits" as const, until: Number.isFinite(chatFree) ? chatFree : nowMs + chatRules[0]!.windowMs };
        const at = limiter.earliest("", o.global, nowMs);
        if (!Number.isFinite(at)) return { type: "full" as const, room: o.sleep(pollMs) };
        const slotIds = await insertSendSlots(db, [
          { channel, scope: "", grantedAt: new Date(at) },
          { channel, scope: chatScope(chatKey), grantedAt: new Date(at) },
        ]);
        return { type: "granted" as const, at, ticket: { chatKey, slotIds } };
      }, "immediate");
    },
    async answered(ticket, atMs) {
      await answerSendSlots(db, ticket.slotIds ?? [], new Date(atMs));
    },
    async pause(chatKey, untilMs) {
      const at = new Date(untilMs);
      await insertSendSlots(db, [{ channel, scope: pauseScope(chatKey), grantedAt: at, answeredAt: at }]);
    },
  };
}
