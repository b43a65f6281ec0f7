import type { ChatContext, ItemRef, ItemView } from "../context.ts";
import { findItem } from "../match-items.ts";
import { msg, say, type TurnResult } from "../out.ts";
import { offerChoices, type ChoiceAction, type FlowState, type Session } from "../session.ts";
import { itemIndex, refKey } from "../reader/item-index.ts";
import { readReport } from "../reader/read-report.ts";
import { afterItemChosen, applyValue, type StepInput } from "./report.ts";

export interface DigestItem {
  item: ItemRef;
  periodKey: string;
  /** The button label, already rendered in the person's language by the host. */
  label: string;
}

/**
 * The session after a reminder digest was sent: each item is a choice (its button, its own number
 * "#12"/"12" as shown on its line, or its place "1", "2"…) that starts reporting it, and when the
 * digest names one item a bare figure ("72,5") is its value.
 */
export function offerDigest(session: Session, items: DigestItem[], more = false): Session {
  const offered = offerChoices(session, items.map((d) => ({ label: d.label, action: { type: "report_item", item: d.item, periodKey: d.periodKey } })));
  return { ...offered, flow: { flow: "digest", items: items.map((d) => ({ item: d.item, periodKey: d.periodKey })), ...(more ? { more } : {}) } };
}

export async function continueDigest(session: Session, state: Extract<FlowState, { flow: "digest" }>, step: StepInput, ctx: ChatContext): Promise<TurnResult | undefined> {
  const picked = step.action?.type === "report_item" ? step.action : undefined;
  if (picked) return startItem(session, ctx, await ctx.lookups.itemsForPerson(ctx.person!.id, { only: [picked.item] }), picked);
  const only = state.items.length === 1 ? state.items[0] : undefined;
  const typed = step.action ? null : /^(#?)\s*(\d{1,3})\.?$/.exec(step.text);
  // A lone item's digest takes a bare figure: there only "1" (its place) or "#n" (its number) picks it.
  if (typed && !(only && !typed[1] && typed[2] !== "1")) {
    const n = Number(typed[2]);
    const numberOf = itemIndex(await ctx.lookups.itemSummaries(ctx.person!.id)).numberOf;
    const own = state.items.find((d) => numberOf.get(refKey(d.item)) === n);
    const atPosition = typed[1] ? undefined : state.items[n - 1];
    // "3" where line 3 is item #7 and item #3 is elsewhere in the digest: asked, never guessed.
    if (own && atPosition && own !== atPosition) {
      return { session, out: [say(msg("report.number_ambiguous", { n, a: n, b: numberOf.get(refKey(atPosition.item)) ?? n }))], effects: [] };
    }
    const chosen = own ?? atPosition;
    if (chosen) return startItem(session, ctx, await ctx.lookups.itemsForPerson(ctx.person!.id, { only: [chosen.item] }), { type: "report_item", item: chosen.item, periodKey: chosen.periodKey });
  }
  if (only && step.text && /\d/.test(step.text) && readReport(step.text, await ctx.lookups.itemSummaries(ctx.person!.id)).kind === "none") {
    const item = findItem(await ctx.lookups.itemsForPerson(ctx.person!.id, { only: [only.item] }), only.item);
    if (!item) return { session: { ...session, flow: null, offered: [] }, out: [say(msg("report.item_gone"))], effects: [] };
    return applyValue(session, ctx, item, only.periodKey, step.text, false, true);
  }
  return undefined;
}

async function startItem(session: Session, ctx: ChatContext, items: ItemView[], action: Extract<ChoiceAction, { type: "report_item" }>): Promise<TurnResult> {
  const item = findItem(items, action.item);
  if (!item) return { session: { ...session, flow: null, offered: [] }, out: [say(msg("report.item_gone"))], effects: [] };
  const open = item.periods.some((p) => p.key === action.periodKey && !p.closed);
  return await afterItemChosen(session, ctx, item, false, open ? action.periodKey : undefined);
}
