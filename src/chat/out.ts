import { offerChoices, type ChoiceAction, type Session } from "./session.ts";
import type { Message } from "./types.ts";
import type { Draft } from "./session.ts";
import type { Audience } from "./context.ts";
import type { Locale } from "../i18n/translator.ts";

/** A message the core wants sent: localized lines and optional choices, rendered by the host. */
export interface OutMessage {
  lines: Message[];
  choices: { action: ChoiceAction; label: Message }[];
}

/**
 * A file for the chat, named by what it shows; the host builds its bytes when the outbox sends it.
 * `unitId` null: the province; a unit: that unit and its sub-units (the core checked the role).
 */
export type ChatFile =
  /** The workbook of every plan, in its own layout, for the period (Telegram sendDocument; Zalo a file or a link). */
  | { what: "plan_workbook"; periodKey: string; unitId: number | null }
  /** Completeness by unit (/tonghop) or achievement against target (/tiendo), as a PNG photo. */
  | { what: "completeness_chart" | "achievement_chart"; periodKey: string; unitId: number | null };

export type Effect =
  /** code: the invite code used; absent when linking by a phone number the transport vouched for. */
  | { type: "link_account"; personId: number; code?: string }
  | { type: "save_report"; personId: number; draft: Draft }
  /** No reminders until `until` for these items (null = every reminder of the person). */
  | { type: "snooze"; personId: number; items: { subjectKey: string; unitId: number }[] | null; until: string }
  | { type: "resume_reminders"; personId: number }
  /** `urgent`: the coordinator chose "send now"; otherwise it waits for the next working moment (quiet hours, weekends, holidays). */
  | { type: "start_broadcast"; personId: number; audience: Audience; text: string | Message; urgent: boolean }
  /** The person's language from now on (people.locale): this turn is rendered in it already. */
  | { type: "set_locale"; personId: number; locale: Locale }
  /** A file to this chat, through the outbox (it survives a crash and is retried like any message). */
  | { type: "send_file"; personId: number; file: ChatFile }
  /** A unit head's decisions, each on the revision shown; unitId: the head's unit (its sub-units included). */
  | { type: "approve_figures"; personId: number; unitId: number; figures: { reportId: number; revision: number }[] }
  | { type: "return_figure"; personId: number; unitId: number; reportId: number; revision: number; reason: string }
  /** A coordinator's /khoaso (close) or /mokhoa (reopen). */
  | { type: "set_period_lock"; personId: number; periodKey: string; close: boolean }
  /** /web: the host makes a one-time console login link and answers with it (the core holds no secrets). */
  | { type: "issue_console_link"; personId: number };

export interface TurnResult {
  session: Session;
  out: OutMessage[];
  effects: Effect[];
}

export function msg(key: string, params?: Message["params"]): Message {
  return params ? { key, params } : { key };
}

export function say(lines: Message | Message[], choices: OutMessage["choices"] = []): OutMessage {
  return { lines: Array.isArray(lines) ? lines : [lines], choices };
}

/** The session after offering these messages: the last message's choices become the ones a number or button picks (offerChoices). */
export function offer(session: Session, out: OutMessage[]): Session {
  const last = out[out.length - 1];
  return offerChoices(session, (last?.choices ?? []).map((c) => ({ label: c.label.key, action: c.action })));
}
