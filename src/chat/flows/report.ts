import { achievement } from "../../domain/achievement.ts";
import { isLevelIndicator, isUnusualValue, parseReportedValue } from "../../domain/parse-reported-value.ts";
import type { ValueKind } from "../../domain/types.ts";
import type { Locale } from "../../i18n/translator.ts";
import { taskStatuses, type TaskStatus } from "../../domain/task-status.ts";
import type { ChatContext, ItemRef, ItemSummary, ItemView, PeriodView } from "../context.ts";
import { distinctName, formatDue, formatNumber, formatValue, periodLabel, shorten, targetText } from "../format.ts";
import { findItem } from "../match-items.ts";
import { itemIndex, refKey } from "../reader/item-index.ts";
import type { PeriodHint } from "../reader/read-period.ts";
import { findNamedItems, readReport } from "../reader/read-report.ts";
import { msg, offer, say, type OutMessage, type TurnResult } from "../out.ts";
import { isNo, isSkip, isYes } from "../recognize-command.ts";
import type { ChoiceAction, Draft, FlowState, Session } from "../session.ts";
import type { Attachment, Evidence, Inbound, Message } from "../types.ts";

const PAGE = 8;
const MAX_NOTE = 1000;
const MAX_EVIDENCE = 5;
/** Longer links are refused: what is stored must stay readable, and no chat client sends more. */
const MAX_LINK_LENGTH = 1000;

type ReportState = Extract<FlowState, { flow: "report" }>;

export interface StepInput {
  input: Inbound;
  text: string;
  action: ChoiceAction | undefined;
}

/** /baocao: pick an item (buttons, a number, or words), a period, a value, a note, evidence, confirm. */
export async function startReport(session: Session, ctx: ChatContext, correction = false): Promise<TurnResult> {
  const items = await ctx.lookups.itemsForPerson(ctx.person!.id);
  if (items.length === 0) return done(session, [say(msg("list.empty"))]);
  if (items.length === 1) return afterItemChosen(session, ctx, items[0]!, correction);
  return offerItems(session, ctx, items, 0, correction);
}

export async function continueReport(session: Session, state: ReportState, step: StepInput, ctx: ChatContext): Promise<TurnResult> {
  // Every step is about the item (or, while choosing, the items) it was shown: only their periods are read.
  const items = await ctx.lookups.itemsForPerson(ctx.person!.id, { only: refsOf(state) });
  switch (state.step) {
    case "choose_item":
      return chooseItem(session, state, step, ctx, items);
    case "choose_period":
      return choosePeriod(session, state, step, ctx, items);
    case "enter_value":
      return enterValue(session, state, step, ctx, items);
    case "choose_task_status":
      return chooseTaskStatus(session, state, step, ctx, items);
    case "confirm_unusual":
      return confirmUnusual(session, state, step, ctx, items);
    case "enter_note":
      return enterNote(session, state.draft, step, ctx, items);
    case "add_evidence":
      return addEvidence(session, state.draft, step, ctx, items);
    case "confirm":
      return confirm(session, state.draft, step, ctx, items);
  }
}

/**
 * A report in one line ("5G 72", "Dạ em báo cáo tỷ lệ phủ sóng 5G tháng 11 đạt 72% ạ", "chỉ tiêu
 * 1.2: 0,5%", "#3 45"), read by readReport: one clear item goes to the confirmation (never saved
 * without it), close ones are offered, a figure that is no figure to save is explained. Undefined
 * when the message is no report at all. `evidence`: the photo whose caption the line was, kept as the
 * report's evidence (shown on the confirmation).
 */
export async function oneLineReport(session: Session, text: string, ctx: ChatContext, evidence: Evidence[] = []): Promise<TurnResult | undefined> {
  const summaries = await ctx.lookups.itemSummaries(ctx.person!.id);
  const reading = readReport(text, summaries);
  switch (reading.kind) {
    case "none":
      return undefined;
    case "refused":
      return done(session, [say([msg(`value.error.${reading.error}`, { text: shorten(text, 40) }), msg("report.example_line", { example: exampleFor(summaries) })])]);
    case "unknown_code":
      return done(session, [say([msg("report.unknown_code", { code: reading.code }), msg("report.example_line", { example: exampleFor(summaries) })])]);
    case "several_figures":
      return done(session, [say([msg("report.several_figures", { figures: reading.figures.join(", ") }), msg("report.example_line", { example: exampleFor(summaries) })])]);
    case "ask_item": {
      const matches = await ctx.lookups.itemsForPerson(ctx.person!.id, { only: reading.candidates.map((c) => c.item.ref) });
      if (matches.length === 0) return undefined;
      const out = [await itemChoices(ctx, matches, 0, "report.which_item_for_value", { value: reading.figure })];
      const state: FlowState = { flow: "report", step: "choose_item", refs: matches.map((m) => m.ref), page: 0, correction: false, pendingValue: reading.figure, ...pendingEvidence(evidence), ...(reading.period ? { pendingPeriod: reading.period } : {}) };
      return { session: offer({ ...session, flow: state }, out), out, effects: [] };
    }
    case "bad_value":
    case "report": {
      const item = (await ctx.lookups.itemsForPerson(ctx.person!.id, { only: [reading.item.ref] }))[0];
      if (!item) return undefined;
      const period = periodFor(item, reading.period);
      if (period.kind === "none") return done(session, [say(msg("report.no_open_period", { code: item.code }))]);
      if (period.kind === "not_open") return afterItemChosen(session, ctx, item, false, undefined, [msg("report.period_not_open", { period: reading.period!.text })]);
      if (reading.kind === "bad_value") return refuseValue(session, ctx, item, period.key, reading.error, text, false, true, evidence);
      return applyValue(session, ctx, item, period.key, reading.figure, false, true, evidence);
    }
  }
}

/** The period a message names, among the item's open ones; none named: the default one. */
export function periodFor(item: ItemView, hint: PeriodHint | undefined): { kind: "ok"; key: string } | { kind: "not_open" } | { kind: "none" } {
  const fallback = defaultPeriod(item);
  if (!fallback) return { kind: "none" };
  if (!hint) return { kind: "ok", key: fallback.key };
  const open = item.periods.filter((p) => !p.closed);
  const matching = open.filter((p) => periodMatches(p.key, hint));
  if (matching.length === 1) return { kind: "ok", key: matching[0]!.key };
  if (matching.length > 1) return { kind: "ok", key: (matching.find((p) => !p.report) ?? matching[matching.length - 1]!).key };
  // A one-off item has one period whatever the message says of time; "tháng 11" for a yearly item says when the
  // report is written, not which period: the year's period takes it.
  if (open.every((p) => periodKind(p.key) === "once")) return { kind: "ok", key: fallback.key };
  const sameKind = open.some((p) => periodKind(p.key) === hintKind(hint));
  if (!sameKind && (hint.year === undefined || open.some((p) => p.key.startsWith(String(hint.year))))) return { kind: "ok", key: fallback.key };
  return { kind: "not_open" };
}

function periodMatches(key: string, hint: PeriodHint): boolean {
  const year = Number(key.slice(0, 4));
  if (hint.year !== undefined && year !== hint.year) return false;
  if (hint.month !== undefined) return key === `${year}-${String(hint.month).padStart(2, "0")}`;
  if (hint.quarter !== undefined) return key === `${year}-Q${hint.quarter}`;
  if (hint.half !== undefined) return key === `${year}-H${hint.half}`;
  if (hint.nineMonths) return key === `${year}-9M`;
  return /^\d{4}$/.test(key) && hint.year !== undefined;
}

function periodKind(key: string): string {
  return /^\d{4}-\d{2}$/.test(key) ? "month" : /-Q/.test(key) ? "quarter" : /-H/.test(key) ? "half" : /-9M/.test(key) ? "nine" : /^\d{4}$/.test(key) ? "year" : "once";
}

function hintKind(h: PeriodHint): string {
  return h.month !== undefined ? "month" : h.quarter !== undefined ? "quarter" : h.half !== undefined ? "half" : h.nineMonths ? "nine" : "year";
}

/** "#12 phủ sóng 5G 72": an example made from the person's own first indicator, with a figure of its kind. */
export function exampleFor(items: readonly ItemSummary[]): string {
  const index = items.findIndex((i) => i.ref.subjectType === "indicator" && i.valueKind !== "text");
  const item = items[index];
  if (!item) return "#1 72";
  const figure = { percent: "72%", count: "15", score: "0,73", rank: "17/34", money: "350 triệu", text: "" }[item.valueKind];
  return `#${index + 1} ${figure}`;
}

function refsOf(state: ReportState): readonly ItemRef[] {
  switch (state.step) {
    case "choose_item":
      return state.refs;
    case "choose_period":
    case "enter_value":
    case "choose_task_status":
      return [state.item];
    case "confirm_unusual":
    case "enter_note":
    case "add_evidence":
    case "confirm":
      return [state.draft.item];
  }
}

async function chooseItem(session: Session, state: Extract<ReportState, { step: "choose_item" }>, { text, action }: StepInput, ctx: ChatContext, items: ItemView[]): Promise<TurnResult> {
  const listed = state.refs.map((r) => findItem(items, r)).filter((i): i is ItemView => i !== undefined);
  if (action?.type === "more") return offerItems(session, ctx, listed, state.page + 1, state.correction, state.refs, state.pendingValue, state.pendingEvidence);
  let chosen: ItemView | undefined;
  if (action?.type === "pick") chosen = listed[action.index];
  else if (text) {
    const typed = /^(#?)\s*(\d{1,3})\.?$/.exec(text);
    if (typed) {
      // The number shown next to an item picks it; else the position in a numbered list of choices (Zalo).
      const n = Number(typed[2]);
      let shown: ItemView | undefined;
      for (const i of listed) if ((await numberOf(ctx, i)) === n) { shown = i; break; }
      const picked = session.offered[n - 1]?.action;
      const atPosition = picked?.type === "pick" ? listed[picked.index] : undefined;
      // "2" where the list shows "1. #2 …" and "2. #5 …" could mean either: asked, never guessed.
      if (!typed[1] && shown && atPosition && atPosition !== shown) {
        return keep(session, state, [say(msg("report.number_ambiguous", { n, a: await numberOf(ctx, shown), b: await numberOf(ctx, atPosition) }))], ctx, listed);
      }
      if (shown) chosen = shown;
      else if (typed[1]) return keep(session, state, [say(msg("report.number_not_shown", { n }))], ctx, listed);
      else {
        if (picked?.type === "pick") chosen = listed[picked.index];
        else if (picked?.type === "more") return offerItems(session, ctx, listed, state.page + 1, state.correction, state.refs, state.pendingValue, state.pendingEvidence);
        else if (picked?.type === "cancel") return done(session, [say(msg("flow.cancelled"))]);
        else return keep(session, state, [say(msg("report.number_not_shown", { n }))], ctx, listed);
      }
    } else {
      // A one-line report typed at the picker is read as one, not answered with the list again.
      const reading = readReport(text, await ctx.lookups.itemSummaries(ctx.person!.id));
      if (reading.kind !== "none") return (await oneLineReport({ ...session, flow: null }, text, ctx, state.pendingEvidence))!;
      const found = findNamedItems(text, await ctx.lookups.itemSummaries(ctx.person!.id), state.pendingValue === undefined ? undefined : listed);
      if (found.clear) chosen = findItem(items, found.clear.item.ref) ?? (await ctx.lookups.itemsForPerson(ctx.person!.id, { only: [found.clear.item.ref] }))[0];
      else if (found.candidates.length > 0) {
        const matches = await ctx.lookups.itemsForPerson(ctx.person!.id, { only: found.candidates.map((c) => c.item.ref) });
        return offerItems(session, ctx, matches, 0, state.correction, matches.map((m) => m.ref), state.pendingValue, state.pendingEvidence);
      } else if (state.pendingValue === undefined && bareFigure(text)) {
        // A figure before the item: kept, and the same list asks which item it is for.
        return offerItems(session, ctx, listed, state.page, state.correction, state.refs, text);
      } else return keep(session, state, [say(msg("report.item_not_found", { text: shorten(text, 60) }))], ctx, listed);
    }
  }
  if (!chosen) return keep(session, state, [say(msg("report.choose_item_again"))], ctx, listed);
  if (state.pendingValue !== undefined) {
    const period = periodFor(chosen, state.pendingPeriod);
    if (period.kind === "none") return done(session, [say(msg("report.no_open_period", { code: chosen.code }))]);
    if (period.kind === "not_open") return afterItemChosen(session, ctx, chosen, false, undefined, [msg("report.period_not_open", { period: state.pendingPeriod!.text })]);
    return applyValue(session, ctx, chosen, period.key, state.pendingValue, false, true, state.pendingEvidence);
  }
  return afterItemChosen(session, ctx, chosen, state.correction);
}

/** "72", "72%", "45,6 tỷ": a figure alone, without words naming an item. */
function bareFigure(text: string): boolean {
  return /\d/.test(text) && /^[\d\s.,%/]+(?:\s*(?:tỷ|triệu|nghìn|phần trăm|người)(?:\s*đồng)?)?$/iu.test(text.trim());
}

/** The number the person sees next to an item everywhere: its place in their whole list. */
export async function numberOf(ctx: ChatContext, item: ItemSummary): Promise<number> {
  return itemIndex(await ctx.lookups.itemSummaries(ctx.person!.id)).numberOf.get(refKey(item.ref)) ?? 0;
}

export async function afterItemChosen(session: Session, ctx: ChatContext, item: ItemView, correction: boolean, periodKey?: string, before: Message[] = []): Promise<TurnResult> {
  const open = item.periods.filter((p) => !p.closed);
  const locked = item.periods.at(-1);
  if (open.length === 0 && locked?.closed) return done(session, [say(msg("report.period_closed", { period: periodLabel(locked.key), who: await unlockersOf(ctx) }))]);
  if (open.length === 0) return done(session, [say(msg("report.no_open_period", { code: item.code }))]);
  const chosenKey = periodKey ?? (open.length === 1 ? open[0]!.key : undefined);
  if (!chosenKey) {
    const out = [
      say(
        [...before, msg("report.choose_period", { code: item.code, name: shorten(item.name, 120) })],
        open.map((p, i) => ({ action: { type: "pick", index: i } as const, label: msg("report.period_label", { period: periodLabel(p.key), due: formatDue(p.dueAt, ctx.now), status: `$t(status.${p.report ? "reported" : p.status})` }) })),
      ),
    ];
    return { session: offer({ ...session, flow: { flow: "report", step: "choose_period", item: item.ref, periodKeys: open.map((p) => p.key), correction } }, out), out, effects: [] };
  }
  return askValue(session, ctx, item, chosenKey, correction);
}

function choosePeriod(session: Session, state: Extract<ReportState, { step: "choose_period" }>, { text, action }: StepInput, ctx: ChatContext, items: ItemView[]): TurnResult {
  const item = findItem(items, state.item);
  if (!item) return done(session, [say(msg("report.item_gone"))]);
  const key = action?.type === "pick" ? state.periodKeys[action.index] : state.periodKeys.find((k) => k.toLowerCase() === text.toLowerCase());
  if (!key) return { session, out: [say(msg("report.choose_period_again"))], effects: [] };
  return askValue(session, ctx, item, key, state.correction);
}

function askValue(session: Session, ctx: ChatContext, item: ItemView, periodKey: string, correction: boolean, evidence: Evidence[] = []): TurnResult {
  const period = item.periods.find((p) => p.key === periodKey);
  const current = period?.report ? currentLine(item, period, ctx) : [];
  if (item.ref.subjectType === "task") {
    const out = [
      say(
        [msg("task.ask_status", { code: item.code, name: shorten(item.name, 160), period: periodLabel(periodKey) }), ...current],
        taskStatuses.map((s) => ({ action: { type: "task_status", status: s } as const, label: msg(`task.status.${s}`) })),
      ),
    ];
    return { session: offer({ ...session, flow: { flow: "report", step: "choose_task_status", item: item.ref, periodKey, correction } }, out), out, effects: [] };
  }
  const out = [
    say(
      [
        msg("report.ask_value", { code: item.code, name: shorten(item.name, 160), period: periodLabel(periodKey), unit: item.unitName }),
        ...(item.target ? [msg("report.target_line", { target: targetText(item.target.raw), year: item.target.year })] : []),
        ...current,
        msg(`value.hint.${hintKind2(item)}`),
      ],
      [{ action: { type: "cancel" }, label: msg("button.cancel") }],
    ),
  ];
  return { session: offer({ ...session, flow: { flow: "report", step: "enter_value", item: item.ref, periodKey, correction, ...keptEvidence(evidence) } }, out), out, effects: [] };
}

async function enterValue(session: Session, state: Extract<ReportState, { step: "enter_value" }>, { text, input }: StepInput, ctx: ChatContext, items: ItemView[]): Promise<TurnResult> {
  const item = findItem(items, state.item);
  if (!item) return done(session, [say(msg("report.item_gone"))]);
  if (!text && input.attachment) return { session, out: [say([msg("value.error.attachment"), msg(`value.hint.${hintKind2(item)}`)])], effects: [] };
  return await applyValue(session, ctx, item, state.periodKey, text, state.correction, false, state.evidence);
}

/** Checks a typed value against the item's kind; a good one moves on, a bad one teaches. */
export async function applyValue(session: Session, ctx: ChatContext, item: ItemView, periodKey: string, text: string, correction: boolean, oneLine: boolean, evidence: Evidence[] = []): Promise<TurnResult> {
  const parsed = parseReportedValue(text, item.valueKind, { name: item.name, unitOfMeasure: item.unitOfMeasure });
  if (!parsed.ok) return await refuseValue(session, ctx, item, periodKey, parsed.error, text, correction, oneLine, evidence);
  const draft: Draft = { item: item.ref, periodKey, valueNumber: parsed.valueNumber, valueText: parsed.valueText, taskStatus: null, note: null, evidence, correction };
  const previous = lastNumber(item);
  const target = item.target && "value" in item.target.parsed ? item.target.parsed.value : null;
  if (parsed.valueNumber !== null && isUnusualValue(parsed.valueNumber, item.valueKind, previous, target)) {
    const out = [
      say(msg("value.unusual", { value: formatValue(draft, item.valueKind, item.unitOfMeasure, locale(ctx)), previous: previous === null ? "-" : formatValue({ valueNumber: previous, valueText: null }, item.valueKind, item.unitOfMeasure, locale(ctx)), target: item.target ? targetText(item.target.raw) : "-" }), [
        { action: { type: "yes" }, label: msg("button.yes_correct") },
        { action: { type: "no" }, label: msg("button.no_retype") },
      ]),
    ];
    return { session: offer({ ...session, flow: { flow: "report", step: "confirm_unusual", draft } }, out), out, effects: [] };
  }
  return oneLine ? await askConfirm(session, ctx, item, draft) : askNote(session, ctx, item, draft);
}

/** A figure that is no figure to save: why, with an example, and the value step of the item (named when the message chose it). */
async function refuseValue(session: Session, ctx: ChatContext, item: ItemView, periodKey: string, error: string, text: string, correction = false, named = true, evidence: Evidence[] = []): Promise<TurnResult> {
  const lines = [
    ...(named ? [msg("report.reading_item", { n: await numberOf(ctx, item), code: item.code, name: shorten(item.name, 120), plan: item.plan })] : []),
    msg(`value.error.${error}`, { text: shorten(text, 40) }),
    msg(`value.hint.${hintKind2(item)}`),
  ];
  const out = [say(lines, [{ action: { type: "cancel" }, label: msg("button.cancel") }])];
  return { session: offer({ ...session, flow: { flow: "report", step: "enter_value", item: item.ref, periodKey, correction, ...keptEvidence(evidence) } }, out), out, effects: [] };
}

async function confirmUnusual(session: Session, state: Extract<ReportState, { step: "confirm_unusual" }>, { text, action }: StepInput, ctx: ChatContext, items: ItemView[]): Promise<TurnResult> {
  const item = findItem(items, state.draft.item);
  if (!item) return done(session, [say(msg("report.item_gone"))]);
  if (action?.type === "yes" || isYes(text)) return askNote(session, ctx, item, state.draft);
  if (action?.type === "no" || isNo(text)) return askValue(session, ctx, item, state.draft.periodKey, state.draft.correction, state.draft.evidence);
  // A new number instead of yes/no: take it as the corrected value.
  return await applyValue(session, ctx, item, state.draft.periodKey, text, state.draft.correction, false, state.draft.evidence);
}

function chooseTaskStatus(session: Session, state: Extract<ReportState, { step: "choose_task_status" }>, { text, action }: StepInput, ctx: ChatContext, items: ItemView[]): TurnResult {
  const item = findItem(items, state.item);
  if (!item) return done(session, [say(msg("report.item_gone"))]);
  const status = action?.type === "task_status" ? action.status : taskStatusIn(text);
  if (!status) return { session, out: [say(msg("task.status_not_understood"))], effects: [] };
  const draft: Draft = { item: item.ref, periodKey: state.periodKey, valueNumber: null, valueText: null, taskStatus: status, note: null, evidence: [], correction: state.correction };
  return askNote(session, ctx, item, draft);
}

function askNote(session: Session, ctx: ChatContext, item: ItemView, draft: Draft): TurnResult {
  const key = draft.taskStatus === "done" ? "task.ask_product" : draft.taskStatus === "blocked" ? "task.ask_problem" : "report.ask_note";
  const choices = draft.taskStatus === "blocked" ? [] : [{ action: { type: "skip" } as const, label: msg("button.skip") }];
  const out = [say(msg(key), [...choices, { action: { type: "cancel" }, label: msg("button.cancel") }])];
  void item;
  return { session: offer({ ...session, flow: { flow: "report", step: "enter_note", draft } }, out), out, effects: [] };
}

async function enterNote(session: Session, draft: Draft, { text, action, input }: StepInput, ctx: ChatContext, items: ItemView[]): Promise<TurnResult> {
  const item = findItem(items, draft.item);
  if (!item) return done(session, [say(msg("report.item_gone"))]);
  const evidence = evidenceOf(input.attachment);
  if (evidence) return await addEvidence(session, { ...draft, note: text || draft.note }, { text: "", action: undefined, input }, ctx, items);
  if (action?.type === "skip" || isSkip(text) || (!text && !input.attachment)) {
    if (draft.taskStatus === "blocked") return { session, out: [say(msg("task.problem_required"))], effects: [] };
    return askEvidence(session, item, draft);
  }
  if (!text) return { session, out: [say(msg("report.note_needs_text"))], effects: [] };
  if (text.length > MAX_NOTE) return { session, out: [say(msg("report.note_too_long", { max: MAX_NOTE, length: text.length }))], effects: [] };
  return askEvidence(session, item, { ...draft, note: text });
}

function askEvidence(session: Session, item: ItemView, draft: Draft): TurnResult {
  void item;
  const out = [say(msg(draft.evidence.length ? "evidence.added" : "evidence.ask", { count: draft.evidence.length }), [{ action: { type: "skip" }, label: msg(draft.evidence.length ? "button.done" : "button.skip") }, { action: { type: "cancel" }, label: msg("button.cancel") }])];
  return { session: offer({ ...session, flow: { flow: "report", step: "add_evidence", draft } }, out), out, effects: [] };
}

async function addEvidence(session: Session, draft: Draft, { text, action, input }: StepInput, ctx: ChatContext, items: ItemView[]): Promise<TurnResult> {
  const item = findItem(items, draft.item);
  if (!item) return done(session, [say(msg("report.item_gone"))]);
  const delivered = evidenceOf(input.attachment);
  // A photo or file, or else the links in the text (a channel without file events sends a link instead).
  const added = delivered ? [delivered] : input.attachment ? [] : linksIn(text);
  if (added.length > 0) {
    const evidence = [...draft.evidence, ...added];
    if (evidence.length > MAX_EVIDENCE) return await askConfirm(session, ctx, item, { ...draft, evidence: evidence.slice(0, MAX_EVIDENCE) }, [msg("evidence.too_many", { max: MAX_EVIDENCE })]);
    return askEvidence(session, item, { ...draft, evidence });
  }
  if (input.attachment) return { session, out: [say(msg("evidence.unsupported"))], effects: [] };
  if (action?.type === "skip" || isSkip(text) || isYes(text) || /^xong$|^done$/i.test(text)) return await askConfirm(session, ctx, item, draft);
  return { session, out: [say(msg("evidence.send_or_skip"))], effects: [] };
}

async function askConfirm(session: Session, ctx: ChatContext, item: ItemView, draft: Draft, before: ReturnType<typeof msg>[] = []): Promise<TurnResult> {
  const lines = [
    ...before,
    msg(draft.correction ? "confirm.title_correction" : "confirm.title"),
    msg("confirm.item_numbered", { n: await numberOf(ctx, item), code: item.code, name: shorten(item.name, 160), plan: item.plan }),
    msg("confirm.unit_period", { unit: item.unitName, period: periodLabel(draft.periodKey) }),
    ...existingLine(item, draft, ctx),
    draft.taskStatus ? msg("confirm.status", { status: draft.taskStatus }) : msg("confirm.value", { value: formatValue(draft, item.valueKind, item.unitOfMeasure, locale(ctx)) }),
    ...(item.target && draft.valueNumber !== null ? [achievementLine(item, draft, ctx)] : []),
    ...(draft.note ? [msg("confirm.note", { note: shorten(draft.note, 300) })] : []),
    ...(draft.evidence.length ? [msg("confirm.evidence", { count: draft.evidence.length })] : []),
    msg("confirm.question"),
  ];
  const out = [say(lines, [{ action: { type: "yes" }, label: msg("button.save") }, { action: { type: "cancel" }, label: msg("button.cancel") }])];
  return { session: offer({ ...session, flow: { flow: "report", step: "confirm", draft } }, out), out, effects: [] };
}

async function confirm(session: Session, draft: Draft, { text, action }: StepInput, ctx: ChatContext, items: ItemView[]): Promise<TurnResult> {
  const item = findItem(items, draft.item);
  if (!item) return done(session, [say(msg("report.item_gone"))]);
  if (action?.type === "yes" || isYes(text)) {
    const period = item.periods.find((p) => p.key === draft.periodKey);
    if (!period || period.closed) return done(session, [say(msg("report.period_closed", { period: periodLabel(draft.periodKey), who: await unlockersOf(ctx) }))]);
    const lines = [
      msg(draft.correction || period.report ? "saved.correction" : "saved.report", {
        code: item.code,
        period: periodLabel(draft.periodKey),
        // A task's "figure" is its status: "✅ Đã lưu báo cáo [PL2.4] kỳ một lần: Hoàn thành".
        value: draft.taskStatus ? msg(`task.status.${draft.taskStatus}`) : formatValue(draft, item.valueKind, item.unitOfMeasure, locale(ctx)),
      }),
      ...(item.target && draft.valueNumber !== null ? [achievementLine(item, draft, ctx)] : []),
    ];
    return { session: { ...session, flow: null, offered: [] }, out: [say(lines)], effects: [{ type: "save_report", personId: ctx.person!.id, draft }] };
  }
  if (action?.type === "no" || isNo(text)) return done(session, [say(msg("flow.cancelled"))]);
  return { session, out: [say(msg("confirm.answer_yes_or_cancel"))], effects: [] };
}

function achievementLine(item: ItemView, draft: Draft, ctx: ChatContext) {
  const target = item.target!;
  const a = achievement(target.parsed, draft.valueNumber!);
  const value = formatValue(draft, item.valueKind, item.unitOfMeasure, locale(ctx));
  if (a.status === "na") return msg("achievement.na", { value, target: targetText(target.raw) });
  const margin = a.margin === undefined ? "" : formatNumber(Math.abs(a.margin), locale(ctx));
  return msg(`achievement.${a.status}`, { value, target: targetText(target.raw), margin });
}

function currentLine(item: ItemView, period: PeriodView, ctx: ChatContext) {
  const r = period.report!;
  if (r.taskStatus) return [msg("report.current_status", { status: r.taskStatus, revision: r.revision })];
  return [msg("report.current_value", { value: formatValue(r, item.valueKind, item.unitOfMeasure, locale(ctx)), revision: r.revision })];
}

async function offerItems(session: Session, ctx: ChatContext, items: ItemView[], page: number, correction: boolean, refs?: ItemRef[], pendingValue?: string, evidence: Evidence[] = []): Promise<TurnResult> {
  const out = [await itemChoices(ctx, items, page, pendingValue === undefined ? "report.choose_item" : "report.which_item_for_value", { value: pendingValue ?? "" })];
  const state: FlowState = { flow: "report", step: "choose_item", refs: refs ?? items.map((i) => i.ref), page, correction, ...(pendingValue === undefined ? {} : { pendingValue, ...pendingEvidence(evidence) }) };
  return { session: offer({ ...session, flow: state }, out), out, effects: [] };
}

/** A page of items as choices; the choice index is the item's position in the whole list. */
async function itemChoices(ctx: ChatContext, items: ItemView[], page: number, titleKey: string, params: Record<string, string>): Promise<OutMessage> {
  const start = page * PAGE < items.length ? page * PAGE : 0;
  const slice = items.slice(start, start + PAGE);
  const choices: OutMessage["choices"] = (await Promise.all(slice.map(async (item, i) => ({
    action: { type: "pick", index: start + i },
    label: msg("report.item_button", { n: await numberOf(ctx, item), code: item.code, name: distinctName(item.name, slice.map((s) => s.name), 44), mark: statusMark(item) }),
  }))));
  if (start + PAGE < items.length) choices.push({ action: { type: "more" }, label: msg("button.more") });
  choices.push({ action: { type: "cancel" }, label: msg("button.cancel") });
  return say(msg(titleKey, { ...params, from: start + 1, to: start + slice.length, total: items.length }), choices);
}

function statusMark(item: ItemView): string {
  const p = defaultPeriod(item);
  if (!p) return "";
  if (p.report) return "✓";
  return p.status === "overdue" ? "⚠" : "";
}

/** Who can unlock a locked period, for the refusal: the coordinators by name, else the Department. */
export async function unlockersOf(ctx: ChatContext): Promise<string | Message> {
  const names = await ctx.lookups.unlockers();
  return names.length ? names.join(", ") : msg("approve.unlocker_fallback");
}

/** The period a report goes to by default: the oldest open one not yet reported, else the latest. */
export function defaultPeriod(item: ItemView): PeriodView | undefined {
  const open = item.periods.filter((p) => !p.closed);
  return open.find((p) => !p.report) ?? open[open.length - 1];
}

function taskStatusIn(text: string): TaskStatus | undefined {
  const k = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase().trim();
  if (/^(chua bat dau|chua|not started)$/.test(k)) return "not_started";
  if (/^(dang thuc hien|dang lam|in progress|doing)$/.test(k)) return "in_progress";
  if (/^(hoan thanh|xong|da xong|done|completed?)$/.test(k)) return "done";
  if (/^(vuong mac|kho khan|blocked|stuck)$/.test(k)) return "blocked";
  return undefined;
}

/** A delivered photo or file as evidence; other attachments are not. */
export function evidenceOf(attachment: Attachment | undefined): Evidence | undefined {
  return attachment && (attachment.kind === "photo" || attachment.kind === "document") ? attachment : undefined;
}

/** The http/https URLs in a message, as evidence of kind link ("https://drive…/bao-cao.pdf", "xem tại http://…"). */
export function linksIn(text: string): Evidence[] {
  const links: Evidence[] = [];
  for (const [candidate] of text.matchAll(/https?:\/\/[^\s<>"]+/gi)) {
    const url = candidate.replace(/[).,;:!?'\]]+$/, "");
    if (url.length > MAX_LINK_LENGTH) continue;
    try {
      const parsed = new URL(url);
      if ((parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname.includes(".")) links.push({ kind: "link", fileId: parsed.href });
    } catch {
      // Not a URL after all: the step asks again.
    }
  }
  return links;
}

function pendingEvidence(evidence: Evidence[]): { pendingEvidence?: Evidence[] } {
  return evidence.length > 0 ? { pendingEvidence: evidence } : {};
}

function keptEvidence(evidence: Evidence[]): { evidence?: Evidence[] } {
  return evidence.length > 0 ? { evidence } : {};
}

function lastNumber(item: ItemView): number | null {
  for (let i = item.periods.length - 1; i >= 0; i--) {
    const v = item.periods[i]!.report?.valueNumber;
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

async function keep(session: Session, state: ReportState, out: OutMessage[], ctx: ChatContext, listed: ItemView[]): Promise<TurnResult> {
  if (state.step !== "choose_item") return { session, out, effects: [] };
  const again = await itemChoices(ctx, listed, state.page, "report.choose_item", {});
  return { session: offer(session, [again]), out: [...out, again], effects: [] };
}

/** A one-line report over a figure already saved for the period says so before the person confirms. */
function existingLine(item: ItemView, draft: Draft, ctx: ChatContext): Message[] {
  const period = item.periods.find((p) => p.key === draft.periodKey);
  if (!period?.report || draft.correction) return [];
  return [msg("confirm.replaces", { value: formatValue(period.report, item.valueKind, item.unitOfMeasure, locale(ctx)), revision: period.report.revision })];
}

/** Which example to show under a value question: a readiness level is typed as a number 1–9. */
function hintKind2(item: ItemSummary): string {
  return isLevelIndicator(item.name) ? "level" : item.valueKind;
}

function done(session: Session, out: OutMessage[]): TurnResult {
  return { session: { ...session, flow: null, offered: [] }, out, effects: [] };
}

function locale(ctx: ChatContext): Locale {
  return ctx.person?.locale ?? ctx.defaultLocale;
}

