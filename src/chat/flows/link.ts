import type { ChatContext } from "../context.ts";
import { msg, offer, say, type TurnResult } from "../out.ts";
import type { Session } from "../session.ts";
import type { Inbound } from "../types.ts";
import { isNo, isYes } from "../recognize-command.ts";
import { menuFor } from "./menu.ts";

const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * An unknown chat account sees nothing until it links with an invite code: "/start CODE" (Telegram
 * deep link), or the code typed alone. Wrong codes are counted per chat and limited.
 */
export async function linkTurn(session: Session, input: Inbound, ctx: ChatContext): Promise<TurnResult> {
  const text = (input.text ?? "").trim();
  const code = inviteCodeIn(text);
  if (!code) return (await linkByPhone(session, input, ctx)) ?? { session: { ...session, offered: [] }, out: [say([msg("link.unknown_account")])], effects: [] };
  const failures = activeFailures(session, ctx.now);
  if (failures >= MAX_FAILURES) {
    return { session, out: [say(msg("link.rate_limited", { minutes: 15 }))], effects: [] };
  }
  const check = await ctx.lookups.checkInvite(code);
  if (check.status !== "ok") {
    const since = failures === 0 ? ctx.now.toISOString() : (session.linkFailures?.since ?? ctx.now.toISOString());
    return {
      session: { ...session, linkFailures: { count: failures + 1, since } },
      out: [say(msg(`link.code_${check.status}`, { code }))],
      effects: [],
    };
  }
  return { session: { ...session, linkFailures: null }, out: [], effects: [{ type: "link_account", personId: check.personId, code }] };
}

/**
 * A sender the transport knows the phone of (Zalo): when it is a registered person's number, ask
 * them to confirm who they are; "1"/yes links the account without a code.
 */
async function linkByPhone(session: Session, input: Inbound, ctx: ChatContext): Promise<TurnResult | undefined> {
  const pending = session.flow?.flow === "link_phone" ? session.flow : undefined;
  if (pending) {
    const choice = input.choice !== undefined ? session.offered.find((c) => c.id === input.choice)?.action : /^\s*1\s*$/.test(input.text ?? "") ? session.offered[0]?.action : /^\s*2\s*$/.test(input.text ?? "") ? session.offered[1]?.action : undefined;
    if (choice?.type === "yes" || isYes(input.text ?? "")) {
      return { session: { ...session, flow: null, offered: [] }, out: [], effects: [{ type: "link_account", personId: pending.personId }] };
    }
    if (choice?.type === "no" || isNo(input.text ?? "")) {
      return { session: { ...session, flow: null, offered: [] }, out: [say(msg("link.phone_declined"))], effects: [] };
    }
  }
  if (!input.phone) return undefined;
  const person = await ctx.lookups.personByPhone(input.phone);
  if (!person) return undefined;
  const out = [
    say(msg("link.phone_confirm", { name: person.name, unit: person.unitName ?? "-" }), [
      { action: { type: "yes" }, label: msg("link.phone_yes") },
      { action: { type: "no" }, label: msg("link.phone_no") },
    ]),
  ];
  return { session: offer({ ...session, flow: { flow: "link_phone", personId: person.personId } }, out), out, effects: [] };
}

/** The greeting after a link succeeded; the host calls it with the freshly linked person. */
export function welcomeTurn(session: Session, ctx: ChatContext): TurnResult {
  const person = ctx.person;
  if (!person) return { session, out: [], effects: [] };
  const out = [
    say([msg("link.welcome", { name: person.name, unit: person.unitName ?? "-" }), ...person.roles.map((r) => msg(`link.you_are.${r}`))]),
    menuFor(person, ctx.channel),
  ];
  return { session: offer({ ...session, flow: null }, out), out, effects: [] };
}

/** "/start ABC123", "ABC123", "mã DM-KHCN": the code, upper-cased; undefined when it is not code-like. */
export function inviteCodeIn(text: string): string | undefined {
  const m = /^(?:\/start(?:@\w+)?\s+|(?:ma|mã|code|ma moi|mã mời)\s*:?\s*)?([A-Za-z0-9][A-Za-z0-9_-]{3,31})$/i.exec(text.trim());
  if (!m) return undefined;
  const code = m[1]!.toUpperCase();
  // A code has a digit or a dash; plain words ("hello", "baocao") are not codes.
  return /[0-9-]/.test(code) ? code : undefined;
}

function activeFailures(session: Session, now: Date): number {
  const f = session.linkFailures;
  if (!f) return 0;
  return now.getTime() - new Date(f.since).getTime() > FAILURE_WINDOW_MS ? 0 : f.count;
}
