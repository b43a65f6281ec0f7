import type { ChatContext, WaitingView } from "../context.ts";
import { isNo, isYes } from "../recognize-command.ts";
import { formatValue, periodLabel, shorten, targetText } from "../format.ts";
import { msg, offer, say, type OutMessage, type TurnResult } from "../out.ts";
import type { FlowState, Session, ShownFigure } from "../session.ts";
import type { Message } from "../types.ts";
import type { StepInput } from "./report.ts";

type ApproveState = Extract<FlowState, { flow: "approve" }>;

/** At most this many figures a /duyet shows (and "approve all" approves): one message, within Zalo's 2,000 characters. */
export const APPROVE_PAGE = 8;
const MIN_REASON = 5;

/**
 * /duyet: the figures of the head's unit (and sub-units) waiting for approval, grouped by item, each
 * with its value, target, previous period and evidence. A figure is picked to approve or return it;
 * "Duyệt tất cả" approves every figure shown after one confirmation. Every decision names the
 * revision shown, so a correction made meanwhile is never approved unseen.
 */
export async function startApprove(session: Session, ctx: ChatContext): Promise<TurnResult> {
  const person = ctx.person!;
  if (!person.roles.includes("unit_head")) return done(session, [msg("role.not_allowed", { command: "approve" }), msg("role.not_allowed_hint.approve")]);
  if (person.unitId === null) return done(session, [msg("unit.no_unit")]);
  const waiting = await ctx.lookups.waitingApprovals(person.unitId);
  if (waiting.length === 0) return done(session, [msg("approve.none", { unit: person.unitName ?? "" })]);
  const shown = waiting.slice(0, APPROVE_PAGE);
  const lines: Message[] = [msg("approve.title", { unit: person.unitName ?? "", total: waiting.length })];
  let lastItem = "";
  for (const w of shown) {
    if (w.code !== lastItem) lines.push(msg("approve.item", { code: w.code, name: shorten(w.name, 90) }));
    lastItem = w.code;
    lines.push(...figureLines(w, ctx));
  }
  if (waiting.length > shown.length) lines.push(msg("approve.more", { total: waiting.length - shown.length }));
  lines.push(msg("approve.footer"));
  const out = [
    say(lines, [
      ...shown.map((w, index) => ({ action: { type: "pick", index } as const, label: msg("approve.choice", { code: w.code, period: periodLabel(w.periodKey), value: shorten(valueOf(w, ctx), 20) }) })),
      { action: { type: "approve_all" } as const, label: msg("button.approve_all", { n: shown.length }) },
      { action: { type: "cancel" } as const, label: msg("button.cancel") },
    ]),
  ];
  const figures = shown.map((w) => ({ reportId: w.reportId, revision: w.revision }));
  return { session: { ...offer(session, out), flow: { flow: "approve", step: "list", figures } }, out, effects: [] };
}

export async function continueApprove(session: Session, state: ApproveState, step: StepInput, ctx: ChatContext): Promise<TurnResult | undefined> {
  const person = ctx.person!;
  const unitId = person.unitId;
  if (unitId === null || !person.roles.includes("unit_head")) return done(session, [msg("role.not_allowed", { command: "approve" })]);
  const action = step.action;
  switch (state.step) {
    case "list": {
      if (action?.type === "approve_all") {
        const out = [say(msg("approve.confirm_all", { n: state.figures.length }), [
          { action: { type: "yes" }, label: msg("button.approve_all_yes", { n: state.figures.length }) },
          { action: { type: "no" }, label: msg("button.cancel") },
        ])];
        return { session: { ...offer(session, out), flow: { flow: "approve", step: "confirm_all", figures: state.figures } }, out, effects: [] };
      }
      if (action?.type === "pick") return showFigure(session, state.figures, action.index, ctx);
      return undefined;
    }
    case "confirm_all": {
      if (action?.type === "yes" || (!action && isYes(step.text))) {
        const current = await currentOf(state.figures, ctx, unitId);
        const fresh = state.figures.filter((f) => current.get(f.reportId)?.revision === f.revision);
        const lines = fresh.length ? [msg("approve.done_all", { n: fresh.length })] : [];
        if (fresh.length < state.figures.length) lines.push(msg("approve.skipped", { n: state.figures.length - fresh.length }));
        const left = current.size - fresh.length;
        if (left > 0) lines.push(msg("approve.remaining", { n: left }));
        return { ...done(session, lines), effects: fresh.length ? [{ type: "approve_figures", personId: person.id, unitId, figures: fresh }] : [] };
      }
      if (action?.type === "no" || (!action && isNo(step.text))) return done(session, [msg("flow.cancelled")]);
      return undefined;
    }
    case "figure": {
      const picked = state.figures[state.picked];
      if (!picked) return done(session, [msg("approve.changed_all")]);
      if (action?.type === "back") return startApprove(session, ctx);
      if (action?.type === "approve_one" || (!action && isYes(step.text)) || (!action && /^duyet$/.test(plain(step.text)))) {
        const w = (await currentOf(state.figures, ctx, unitId)).get(picked.reportId);
        if (!w || w.revision !== picked.revision) return done(session, [msg("approve.changed"), msg("approve.again")]);
        const left = (await ctx.lookups.waitingApprovals(unitId)).length - 1;
        const lines = [msg("approve.done_one", { code: w.code, period: periodLabel(w.periodKey), unit: w.unitName, value: valueOf(w, ctx) })];
        if (left > 0) lines.push(msg("approve.remaining", { n: left }));
        return { ...done(session, lines), effects: [{ type: "approve_figures", personId: person.id, unitId, figures: [picked] }] };
      }
      if (action?.type === "return_one" || (!action && /^tra lai$|^return$/.test(plain(step.text)))) {
        const w = (await currentOf(state.figures, ctx, unitId)).get(picked.reportId);
        if (!w || w.revision !== picked.revision) return done(session, [msg("approve.changed"), msg("approve.again")]);
        const out = [say(msg("approve.ask_reason", { code: w.code, period: periodLabel(w.periodKey), who: w.reporterName ?? "—" }), [{ action: { type: "cancel" }, label: msg("button.cancel") }])];
        return { session: { ...offer(session, out), flow: { ...state, step: "enter_reason" } }, out, effects: [] };
      }
      return undefined;
    }
    case "enter_reason": {
      const picked = state.figures[state.picked];
      const reason = step.text.trim();
      if (!picked) return done(session, [msg("approve.changed_all")]);
      if (action || reason.length < MIN_REASON) return { session, out: [say(msg("approve.reason_too_short"))], effects: [] };
      const w = (await currentOf(state.figures, ctx, unitId)).get(picked.reportId);
      if (!w || w.revision !== picked.revision) return done(session, [msg("approve.changed"), msg("approve.again")]);
      return {
        ...done(session, [msg("approve.returned", { code: w.code, period: periodLabel(w.periodKey), who: w.reporterName ?? "—", reason })]),
        effects: [{ type: "return_figure", personId: person.id, unitId, reportId: picked.reportId, revision: picked.revision, reason }],
      };
    }
  }
}

async function showFigure(session: Session, figures: ShownFigure[], index: number, ctx: ChatContext): Promise<TurnResult> {
  const picked = figures[index];
  const w = picked ? (await currentOf(figures, ctx, ctx.person!.unitId!)).get(picked.reportId) : undefined;
  if (!picked || !w || w.revision !== picked.revision) return done(session, [msg("approve.changed"), msg("approve.again")]);
  const out: OutMessage[] = [
    say([msg("approve.item", { code: w.code, name: shorten(w.name, 200) }), ...figureLines(w, ctx), ...(w.note ? [msg("approve.note", { note: shorten(w.note, 300) })] : []), msg("approve.decide")], [
      { action: { type: "approve_one" }, label: msg("button.approve") },
      { action: { type: "return_one" }, label: msg("button.return") },
      { action: { type: "back" }, label: msg("button.back_to_list") },
    ]),
  ];
  return { session: { ...offer(session, out), flow: { flow: "approve", step: "figure", figures, picked: index } }, out, effects: [] };
}

/** The figures still waiting among those shown, by report id, at their current revision. */
async function currentOf(figures: ShownFigure[], ctx: ChatContext, unitId: number): Promise<Map<number, WaitingView>> {
  const ids = new Set(figures.map((f) => f.reportId));
  return new Map((await ctx.lookups.waitingApprovals(unitId)).filter((w) => ids.has(w.reportId)).map((w) => [w.reportId, w]));
}

function figureLines(w: WaitingView, ctx: ChatContext): Message[] {
  return [
    msg("approve.figure", { period: periodLabel(w.periodKey), unit: w.unitName, value: valueOf(w, ctx), who: w.reporterName ?? "—" }),
    msg("approve.context", {
      target: w.target ? targetText(w.target) : "—",
      previous: w.previous ? (w.previous.value === null ? "—" : String(w.previous.value)) : "—",
      evidence: w.evidenceCount,
    }),
  ];
}

function valueOf(w: WaitingView, ctx: ChatContext): string {
  if (w.taskStatus) return `$t(task.status.${w.taskStatus})`;
  return formatValue(w, w.valueKind, w.unitOfMeasure, ctx.person?.locale ?? ctx.defaultLocale);
}

function plain(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase().trim();
}

function done(session: Session, lines: Message[]): TurnResult {
  return { session: { ...session, flow: null, offered: [] }, out: [say(lines)], effects: [] };
}
