import { toVnParts, fromVnParts } from "../../domain/vn-time.ts";
import type { ChatContext } from "../context.ts";
import { msg, say, type TurnResult } from "../out.ts";
import type { SnoozeRequest } from "../recognize-snooze.ts";
import type { Session } from "../session.ts";
import { subjectKey } from "../../domain/subject-key.ts";

/**
 * Snooze or resume reminders. Right after a digest, "nhắc lại sau" snoozes that digest's items (all
 * reminders when the digest had more lines than it numbered); otherwise it snoozes every reminder. A snooze lasts until the start of the local day N days on,
 * so that day's morning reminders go out as usual.
 */
export function snoozeTurn(session: Session, request: SnoozeRequest, ctx: ChatContext): TurnResult {
  const person = ctx.person!;
  const done = { ...session, flow: null, offered: [] };
  if (request.type === "resume") {
    return { session: done, out: [say(msg("snooze.resumed"))], effects: [{ type: "resume_reminders", personId: person.id }] };
  }
  const today = toVnParts(ctx.now);
  const until = fromVnParts({ year: today.year, month: today.month, day: today.day + request.days });
  const untilParts = toVnParts(until);
  const date = `${String(untilParts.day).padStart(2, "0")}/${String(untilParts.month).padStart(2, "0")}`;
  // A digest that listed more than it numbered: its items are not all known here, so every reminder waits.
  const digest = session.flow?.flow === "digest" && !session.flow.more ? session.flow.items : null;
  const items = digest?.length ? digest.map((d) => ({ subjectKey: subjectKey(d.item.subjectType, d.item.subjectId), unitId: d.item.unitId })) : null;
  return {
    session: done,
    out: [say(msg(items ? "snooze.items" : "snooze.all", { count: items?.length ?? 0, date }))],
    effects: [{ type: "snooze", personId: person.id, items, until: until.toISOString() }],
  };
}
