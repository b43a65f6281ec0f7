import type { WindowRule } from "./rate-windows.ts";

/**
 * What the channel lane asks before each send: may one more message go to this chat, and when, under
 * the channel's limits? Two kinds: in memory (one instance: SQLite, memory-send-gate.ts) and shared
 * by every instance on one PostgreSQL database (shared-send-gate.ts), so the limits hold for the
 * whole deployment, not per instance.
 */
export interface SendGate {
  /** Before a round of sends: what the gate needs (seeding from recent sends, pruning old slots). */
  prepare(nowMs: number): Promise<void>;
  /**
   * One send to `chatKey`: granted at a time ≥ now (the lane waits until then, then sends), or the
   * chat must wait until `until` (the row is put back), or the channel's window is full of sends in
   * flight (`room` resolves when there may be room: made with the answer, so no answer in between is missed).
   */
  acquire(chatKey: string, chatRules: WindowRule[], nowMs: number): Promise<GateAnswer>;
  /** The granted send was answered at `atMs` (or failed): from then on it counts from there. */
  answered(ticket: GateTicket, atMs: number): Promise<void>;
  /** Nothing to `chatKey` before `untilMs` (the channel said "retry after"). */
  pause(chatKey: string, untilMs: number): Promise<void>;
}

export type GateTicket = { chatKey: string; slotIds?: number[] };

export type GateAnswer = { type: "granted"; at: number; ticket: GateTicket } | { type: "chat_waits"; until: number } | { type: "full"; room: Promise<void> };
