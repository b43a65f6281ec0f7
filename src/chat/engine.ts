import type { ChatContext } from "./context.ts";
import { linkTurn } from "./flows/link.ts";
import { menuFor } from "./flows/menu.ts";
import { myItems, myOverdue } from "./flows/my-items.ts";
import { continueCorrect, startCorrect } from "./flows/correct.ts";
import { continueDigest } from "./flows/digest.ts";
import { continueBroadcast, startBroadcastFlow } from "./flows/broadcast.ts";
import { continueReport, evidenceOf, exampleFor, oneLineReport, startReport, type StepInput } from "./flows/report.ts";
import { unitViews } from "./flows/unit-views.ts";
import { continueApprove, startApprove } from "./flows/approve.ts";
import { continueLock, startLock } from "./flows/lock.ts";
import { msg, offer, say, type TurnResult } from "./out.ts";
import { recognizeCommand, isMore } from "./recognize-command.ts";
import { recognizeSnooze } from "./recognize-snooze.ts";
import { recognizeLanguage } from "./recognize-language.ts";
import { languageTurn } from "./flows/language.ts";
import { exportTurn } from "./flows/export.ts";
import { recognizeExport } from "./recognize-export.ts";
import { snoozeTurn } from "./flows/snooze.ts";
import { statelessChoice, type ChoiceAction, type Command, type Session } from "./session.ts";
import { tokenizeMessage } from "../domain/tokenize-message.ts";
import type { Inbound } from "./types.ts";

/** Longer text is not an answer to any step; refusing it bounds the work done on a message. */
export const MAX_INPUT_LENGTH = 2000;

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** Steps where a typed number is a value or a note, not the number of a choice. */
const freeTextSteps = new Set(["enter_value", "enter_note", "enter_reason"]);

/** Whether the session waits for a typed figure or note, where a bare number is not a choice. */
export function waitsForText(session: Session): boolean {
  const step = session.flow && "step" in session.flow ? session.flow.step : undefined;
  return step !== undefined && freeTextSteps.has(step);
}

/**
 * One turn of the conversation: the session and an inbound message in, the new session, the
 * messages to send and the effects to apply out. Pure: it reads through ctx.lookups, writes nothing.
 */
export async function runTurn(session: Session, input: Inbound, ctx: ChatContext): Promise<TurnResult> {
  // A right-to-left override shows "27" as "72": a figure sent with one is refused, never read either way.
  if (BIDI_CONTROLS.test(input.text ?? "") && /\d/.test(input.text ?? "") && ctx.person) {
    return { session, out: [say([msg("value.error.bidi_control"), msg("report.example_line", { example: exampleFor(await ctx.lookups.itemSummaries(ctx.person.id)) })])], effects: [] };
  }
  const text = clean(input.text ?? "");
  if (text.length > MAX_INPUT_LENGTH) return { session, out: [say(msg("input.too_long", { max: MAX_INPUT_LENGTH, length: text.length }))], effects: [] };
  if (!ctx.person) return linkTurn(session, { ...input, text }, ctx);

  if (/^\/start(?:@\w+)?\s+\S+$/i.test(text)) return withMenu(session, ctx, [msg("link.already_linked", { name: ctx.person.name })]);

  const inFreeText = waitsForText(session);
  const action = actionFor(session, input, text, inFreeText);
  if (input.choice !== undefined && !action) {
    // A button of an earlier message: in the middle of something, nothing changes (the latest message's buttons still answer).
    if (session.flow) return { session, out: [say(msg("choice.expired_in_flow"))], effects: [] };
    const out = [say(msg("choice.expired")), menuFor(ctx.person, ctx.channel)];
    return { session: offer({ ...session, flow: null }, out), out, effects: [] };
  }
  const command: Command | undefined = action?.type === "command" ? action.command : action?.type === "cancel" ? "cancel" : action ? undefined : recognizeCommand(text);
  if (command) return runCommand(session, command, ctx);
  // "/xuat …" always; "xuất báo cáo tháng 11" unless a figure or note is awaited.
  const exportRequest = action?.type === "export" ? { rest: tokenizeMessage(action.periodKey) } : action ? undefined : inFreeText && !text.startsWith("/") ? undefined : recognizeExport(text);
  if (exportRequest) return exportTurn(session, exportRequest.rest, ctx);
  if (action?.type === "set_locale") return languageTurn(session, action.locale, ctx);
  if (action?.type === "ask_language") return languageTurn(session, "ask", ctx);
  const language = action || inFreeText ? undefined : recognizeLanguage(text);
  if (language) return languageTurn(session, language, ctx);
  const snooze = action || inFreeText ? undefined : recognizeSnooze(text);
  if (snooze) return snoozeTurn(session, snooze, ctx);

  const stepInput: StepInput = { input, text, action };
  const flow = session.flow;
  if (flow) {
    switch (flow.flow) {
      case "report":
        return continueReport(session, flow, stepInput, ctx);
      case "correct":
        return continueCorrect(session, flow, stepInput, ctx);
      case "broadcast":
        return continueBroadcast(session, flow, stepInput, ctx);
      case "list":
        if (action?.type === "more" || isMore(text)) return myItems(session, ctx, flow.page + 1);
        break;
      case "unit_view":
        if (action?.type === "more" || isMore(text)) return unitViews[flow.view](session, ctx, flow.page + 1);
        break;
      case "digest": {
        const fromDigest = await continueDigest(session, flow, stepInput, ctx);
        if (fromDigest) return fromDigest;
        break;
      }
      case "approve": {
        const fromApprove = await continueApprove(session, flow, stepInput, ctx);
        if (fromApprove) return fromApprove;
        break;
      }
      case "lock": {
        const fromLock = continueLock(session, flow, stepInput, ctx);
        if (fromLock) return fromLock;
        break;
      }
    }
  }
  if (text && ctx.person.roles.includes("focal_point")) {
    // A photo's caption may be a one-line report: the photo is then its evidence, shown on the confirmation.
    const evidence = evidenceOf(input.attachment);
    const oneLine = await oneLineReport(session, text, ctx, evidence ? [evidence] : []);
    if (oneLine) return oneLine;
  }
  // An attachment outside a report, with or without a caption, is answered for what it is.
  if (input.attachment) {
    const out = [say(msg(`input.attachment.${input.attachment.kind}`)), menuFor(ctx.person, ctx.channel)];
    return { session: offer({ ...session, flow: null }, out), out, effects: [] };
  }
  const out = [say(msg(text ? "input.not_understood" : "input.empty")), menuFor(ctx.person, ctx.channel)];
  return { session: offer({ ...session, flow: null }, out), out, effects: [] };
}

async function runCommand(session: Session, command: Command, ctx: ChatContext): Promise<TurnResult> {
  const person = ctx.person!;
  const isFocal = person.roles.includes("focal_point");
  switch (command) {
    case "cancel":
      return session.flow ? reply({ ...session, flow: null }, [msg("flow.cancelled")]) : withMenu(session, ctx, [msg("flow.nothing_to_cancel")]);
    case "help":
      return withMenu(session, ctx, [msg("help.intro", { name: person.name })]);
    case "list":
      return isFocal ? await myItems(session, ctx) : withMenu(session, ctx, [msg("role.not_allowed", { command: "list" }), msg("role.not_allowed_hint.list")]);
    case "report":
      return isFocal ? await startReport(session, ctx) : withMenu(session, ctx, [msg("role.not_allowed", { command: "report" }), msg("role.not_allowed_hint.report")]);
    case "correct":
      return isFocal ? await startCorrect(session, ctx) : withMenu(session, ctx, [msg("role.not_allowed", { command: "correct" }), msg("role.not_allowed_hint.report")]);
    case "overdue":
      // A focal point who heads nothing asks about their own items.
      if (isFocal && !person.roles.some((r) => r === "unit_head" || r === "coordinator" || r === "admin")) return await myOverdue(session, ctx);
      return unitViews[command](session, ctx, 0);
    case "progress":
    case "summary":
      return unitViews[command](session, ctx, 0);
    case "broadcast":
      return startBroadcastFlow(session, ctx);
    case "approve":
      return await startApprove(session, ctx);
    case "lock":
    case "unlock":
      return await startLock(session, ctx, command === "lock");
    case "web":
      if (!person.roles.some((r) => r === "unit_head" || r === "coordinator" || r === "admin")) return withMenu(session, ctx, [msg("role.not_allowed", { command: "web" }), msg("role.not_allowed_hint.web")]);
      // The host replaces this line with the link it made (or the reason it made none).
      return { session: { ...session, flow: null, offered: [] }, out: [say(msg("web.link_failed"))], effects: [{ type: "issue_console_link", personId: person.id }] };
  }
}

/** A pressed button, or a typed number while choices are on screen. */
function actionFor(session: Session, input: Inbound, text: string, typedNumbersAreValues: boolean): ChoiceAction | undefined {
  if (input.choice !== undefined) return session.offered.find((c) => c.id === input.choice)?.action ?? statelessChoice(input.choice);
  if (typedNumbersAreValues) return undefined;
  // At an item picker a typed number is the number shown next to an item (its number in the person's list): the flow reads it.
  if (session.flow?.flow === "report" && session.flow.step === "choose_item") return undefined;
  // After a digest likewise: its lines show each item's own number, read (with places) by continueDigest.
  if (session.flow?.flow === "digest") return undefined;
  const n = /^(\d{1,2})\.?$/.exec(text);
  if (n) return session.offered[Number(n[1]) - 1]?.action;
  return undefined;
}

function reply(session: Session, lines: ReturnType<typeof msg>[]): TurnResult {
  return { session: { ...session, offered: [] }, out: [say(lines)], effects: [] };
}

function withMenu(session: Session, ctx: ChatContext, lines: ReturnType<typeof msg>[]): TurnResult {
  const out = [say(lines), menuFor(ctx.person!, ctx.channel)];
  return { session: offer({ ...session, flow: null }, out), out, effects: [] };
}

/**
 * Zero-width and control characters out, combining marks composed, spaces folded. Half an emoji
 * (a lone surrogate, from a client that cut one) goes too: echoed back, Telegram would refuse the reply.
 */
function clean(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u200B-\u200F\u2028-\u202F\u2060-\u206F\uFEFF]/g, "")
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
    .replace(/[ \t]+/g, " ")
    .trim();
}
