import type { ChatContext } from "../context.ts";
import { formatValue, periodLabel, shorten, targetText } from "../format.ts";
import { findItem } from "../match-items.ts";
import { msg, offer, say, type TurnResult } from "../out.ts";
import type { FlowState, Session } from "../session.ts";
import { afterItemChosen, unlockersOf, type StepInput } from "./report.ts";

const RECENT = 8;

/** /sua: the person's recent reports; picking one asks for the new value, saved as a new revision. */
export async function startCorrect(session: Session, ctx: ChatContext): Promise<TurnResult> {
  const recent = await ctx.lookups.recentReports(ctx.person!.id, RECENT);
  if (recent.length === 0) return { session: { ...session, flow: null, offered: [] }, out: [say(msg("correct.none"))], effects: [] };
  const locale = ctx.person?.locale ?? ctx.defaultLocale;
  const out = [
    say(
      msg("correct.choose"),
      [
        ...recent.map((r, i) => ({
          action: { type: "pick", index: i } as const,
          label: msg(r.report.taskStatus ? "correct.button_task" : "correct.button", {
            code: r.code,
            name: shorten(r.name, 36),
            period: periodLabel(r.periodKey),
            value: r.report.taskStatus ?? formatValue(r.report, r.valueKind, r.unitOfMeasure, locale),
          }),
        })),
        { action: { type: "cancel" }, label: msg("button.cancel") },
      ],
    ),
  ];
  const state: FlowState = { flow: "correct", step: "choose_report", refs: recent.map((r) => ({ item: r.ref, periodKey: r.periodKey })) };
  return { session: offer({ ...session, flow: state }, out), out, effects: [] };
}

export async function continueCorrect(session: Session, state: Extract<FlowState, { flow: "correct" }>, { action }: StepInput, ctx: ChatContext): Promise<TurnResult> {
  const picked = action?.type === "pick" ? state.refs[action.index] : undefined;
  if (!picked) return { session, out: [say(msg("correct.choose_again"))], effects: [] };
  const item = findItem(await ctx.lookups.itemsForPerson(ctx.person!.id, { only: [picked.item] }), picked.item);
  const period = item?.periods.find((p) => p.key === picked.periodKey);
  if (!item || !period || period.closed) {
    return { session: { ...session, flow: null, offered: [] }, out: [say(msg("report.period_closed", { period: periodLabel(picked.periodKey), who: await unlockersOf(ctx) }))], effects: [] };
  }
  return afterItemChosen(session, ctx, item, true, picked.periodKey);
}
