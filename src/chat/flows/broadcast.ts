import { periodAt } from "../../domain/reporting-period.ts";
import { roles } from "../../domain/roles.ts";
import { toVnParts } from "../../domain/vn-time.ts";
import type { Audience, ChatContext } from "../context.ts";
import { formatDue, formatNumber, periodLabel, shorten } from "../format.ts";
import { msg, offer, say, type OutMessage, type TurnResult } from "../out.ts";
import { isYes } from "../recognize-command.ts";
import type { FlowState, Session } from "../session.ts";
import type { Message } from "../types.ts";
import type { StepInput } from "./report.ts";

const MAX_TEXT = 1000;

type BroadcastState = Extract<FlowState, { flow: "broadcast" }>;

/** /nhac: a coordinator picks an audience and a text, sees how many it reaches, and confirms. */
export function startBroadcastFlow(session: Session, ctx: ChatContext): TurnResult {
  const person = ctx.person!;
  if (!person.roles.includes("coordinator") && !person.roles.includes("admin")) {
    return { session: { ...session, flow: null, offered: [] }, out: [say([msg("role.not_allowed", { command: "broadcast" }), msg("role.not_allowed_hint.summary")])], effects: [] };
  }
  const period = periodAt("monthly", ctx.now).key;
  const out = [
    say(msg("broadcast.choose_audience"), [
      { action: { type: "audience", audience: { type: "not_reported", periodKey: period } }, label: msg("broadcast.audience.not_reported", { period: periodLabel(period) }) },
      { action: { type: "audience", audience: { type: "all" } }, label: msg("broadcast.audience.all") },
      { action: { type: "audience", audience: "unit" }, label: msg("broadcast.audience.unit") },
      { action: { type: "audience", audience: "role" }, label: msg("broadcast.audience.role") },
      { action: { type: "cancel" }, label: msg("button.cancel") },
    ]),
  ];
  return { session: offer({ ...session, flow: { flow: "broadcast", step: "choose_audience" } }, out), out, effects: [] };
}

export async function continueBroadcast(session: Session, state: BroadcastState, { text, action }: StepInput, ctx: ChatContext): Promise<TurnResult> {
  switch (state.step) {
    case "choose_audience": {
      if (action?.type !== "audience") return again(session, msg("broadcast.choose_audience_again"));
      if (action.audience === "unit") return ask(session, { flow: "broadcast", step: "enter_unit" }, say(msg("broadcast.ask_unit"), [{ action: { type: "cancel" }, label: msg("button.cancel") }]));
      if (action.audience === "role") {
        return ask(
          session,
          { flow: "broadcast", step: "choose_role" },
          say(msg("broadcast.ask_role"), [...roles.map((r) => ({ action: { type: "audience", audience: { type: "role", role: r } } as const, label: msg(`role.name.${r}`) })), { action: { type: "cancel" }, label: msg("button.cancel") }]),
        );
      }
      return askText(session, ctx, action.audience);
    }
    case "choose_role":
      if (action?.type === "audience" && typeof action.audience === "object") return askText(session, ctx, action.audience);
      return again(session, msg("broadcast.choose_audience_again"));
    case "enter_unit": {
      if (action?.type === "pick" && state.units?.[action.index]) return askText(session, ctx, { type: "unit", unitId: state.units[action.index]!.id });
      const units = await ctx.lookups.findUnits(text);
      if (units.length === 0) return again(session, msg("broadcast.unit_not_found", { text: shorten(text, 60) }));
      if (units.length === 1) return askText(session, ctx, { type: "unit", unitId: units[0]!.id });
      return ask(
        session,
        { flow: "broadcast", step: "enter_unit", units },
        say(msg("broadcast.which_unit"), [...units.map((u, i) => ({ action: { type: "pick", index: i } as const, label: msg("broadcast.unit_button", { name: shorten(u.name, 60) }) })), { action: { type: "cancel" }, label: msg("button.cancel") }]),
      );
    }
    case "enter_text": {
      const audience = state.audience!;
      const body: string | Message = action?.type === "template" ? templateText(ctx) : text;
      if (!body) return again(session, msg("broadcast.ask_text_again"));
      if (typeof body === "string" && body.length > MAX_TEXT) return again(session, msg("report.note_too_long", { max: MAX_TEXT, length: body.length }));
      const preview = await ctx.lookups.previewAudience(audience);
      const locale = ctx.person!.locale;
      if (preview.linked === 0) return { session: { ...session, flow: null, offered: [] }, out: [say(msg("broadcast.nobody", { people: preview.people }))], effects: [] };
      // Broadcasts keep quiet hours, weekends and holidays: the preview says when it will go out, and
      // sending through them is a choice of its own, never the default.
      const from = ctx.broadcastsFrom ?? ctx.now;
      const later = from.getTime() > ctx.now.getTime();
      const when = formatDue(from, ctx.now);
      return ask(
        session,
        { flow: "broadcast", step: "confirm", audience, text: body, ...(later ? { sendsAt: from.toISOString() } : {}) },
        say(
          [
            msg("broadcast.preview", { linked: formatNumber(preview.linked, locale), people: formatNumber(preview.people, locale), notLinked: formatNumber(preview.notLinked, locale), units: preview.units }),
            msg("broadcast.preview_text", { text: body }),
            later ? msg("broadcast.preview_later", { when }) : msg("broadcast.preview_now"),
          ],
          later
            ? [
                { action: { type: "yes" }, label: msg("broadcast.button_later", { when }) },
                { action: { type: "send_now" }, label: msg("broadcast.button_now") },
                { action: { type: "cancel" }, label: msg("button.cancel") },
              ]
            : [
                { action: { type: "yes" }, label: msg("button.send") },
                { action: { type: "cancel" }, label: msg("button.cancel") },
              ],
        ),
      );
    }
    case "confirm": {
      const urgent = state.sendsAt !== undefined && (action?.type === "send_now" || isSendNow(text));
      if (urgent || action?.type === "yes" || isYes(text)) {
        // Read again now: a preview made at 20:59 and confirmed at 21:01 waits for the morning.
        const from = ctx.broadcastsFrom ?? ctx.now;
        const waits = !urgent && from.getTime() > ctx.now.getTime();
        return {
          session: { ...session, flow: null, offered: [] },
          out: [say(waits ? msg("broadcast.scheduled", { when: formatDue(from, ctx.now) }) : msg("broadcast.started"))],
          effects: [{ type: "start_broadcast", personId: ctx.person!.id, audience: state.audience, text: state.text, urgent }],
        };
      }
      return again(session, msg(state.sendsAt !== undefined ? "broadcast.answer_later_now_or_cancel" : "confirm.answer_yes_or_cancel"));
    }
  }
}

/** "gửi ngay", "gui ngay", "send now": the typed form of the "send now" button. */
function isSendNow(text: string): boolean {
  return /^(gửi ngay|gui ngay|send now)[.!]*$/i.test(text.normalize("NFC").trim());
}

function askText(session: Session, ctx: ChatContext, audience: Audience): TurnResult {
  return ask(
    session,
    { flow: "broadcast", step: "enter_text", audience },
    say([msg("broadcast.ask_text"), msg("broadcast.template_line", { text: templateText(ctx) })], [
      { action: { type: "template" }, label: msg("broadcast.use_template") },
      { action: { type: "cancel" }, label: msg("button.cancel") },
    ]),
  );
}

/** "Nhắc báo cáo tháng 11 trước 16h00 ngày 25", rendered in the coordinator's language by the host. */
function templateText(ctx: ChatContext): Message {
  const { month } = toVnParts(ctx.now);
  return msg("broadcast.template", { month });
}

function ask(session: Session, flow: FlowState, out: OutMessage): TurnResult {
  return { session: offer({ ...session, flow }, [out]), out: [out], effects: [] };
}

function again(session: Session, line: Message): TurnResult {
  return { session, out: [say(line)], effects: [] };
}
