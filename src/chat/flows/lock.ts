import type { ChatContext } from "../context.ts";
import { periodLabel } from "../format.ts";
import { msg, offer, say, type TurnResult } from "../out.ts";
import type { FlowState, Session } from "../session.ts";
import type { Message } from "../types.ts";
import type { StepInput } from "./report.ts";

const SHOWN = 8;

/**
 * /khoaso and /mokhoa, for coordinators: the periods that can be closed (open now) or reopened
 * (closed, or locked by their plan's cutoff), picked by button or number. A locked period refuses
 * reports, corrections and approvals from chat until it is reopened.
 */
export async function startLock(session: Session, ctx: ChatContext, close: boolean): Promise<TurnResult> {
  const person = ctx.person!;
  const command = close ? "lock" : "unlock";
  if (!person.roles.includes("coordinator") && !person.roles.includes("admin")) return done(session, [msg("role.not_allowed", { command }), msg("role.not_allowed_hint.lock")]);
  const periods = (await ctx.lookups.lockablePeriods()).filter((p) => p.locked !== close).slice(0, SHOWN);
  if (periods.length === 0) return done(session, [msg(close ? "lock.none_to_close" : "lock.none_to_open")]);
  const out = [
    say(msg(close ? "lock.choose_close" : "lock.choose_open"), [
      ...periods.map((p, index) => ({ action: { type: "pick", index } as const, label: periodLabel(p.key) })),
      { action: { type: "cancel" } as const, label: msg("button.cancel") },
    ]),
  ];
  return { session: { ...offer(session, out), flow: { flow: "lock", close, periodKeys: periods.map((p) => p.key) } }, out, effects: [] };
}

export function continueLock(session: Session, state: Extract<FlowState, { flow: "lock" }>, step: StepInput, ctx: ChatContext): TurnResult | undefined {
  const person = ctx.person!;
  const key = step.action?.type === "pick" ? state.periodKeys[step.action.index] : typedPeriod(step.text, state.periodKeys);
  if (!key) return undefined;
  const lines: Message[] = [msg(state.close ? "lock.closed" : "lock.opened", { period: periodLabel(key) })];
  return { session: { ...session, flow: null, offered: [] }, out: [say(lines)], effects: [{ type: "set_period_lock", personId: person.id, periodKey: key, close: state.close }] };
}

/** "2026-11" typed as it is. */
function typedPeriod(text: string, keys: string[]): string | undefined {
  const t = text.trim().toUpperCase();
  return keys.find((k) => k.toUpperCase() === t);
}

function done(session: Session, lines: Message[]): TurnResult {
  return { session: { ...session, flow: null, offered: [] }, out: [say(lines)], effects: [] };
}
