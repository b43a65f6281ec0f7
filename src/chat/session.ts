import type { Locale } from "../i18n/translator.ts";
import type { Choice, Evidence, Message } from "./types.ts";
import type { TaskStatus } from "../domain/task-status.ts";
import type { Audience, ItemRef } from "./context.ts";
import type { PeriodHint } from "./reader/read-period.ts";

/** A report being put together, before the person confirms it. */
export interface Draft {
  item: ItemRef;
  periodKey: string;
  valueNumber: number | null;
  valueText: string | null;
  taskStatus: TaskStatus | null;
  note: string | null;
  evidence: Evidence[];
  /** A correction of an existing report (sửa) rather than a first report. */
  correction: boolean;
}

export type FlowState =
  | { flow: "list"; page: number }
  /** /quahan, /tiendo, /tonghop showed a page of their list: "Xem thêm" shows the next. */
  | { flow: "unit_view"; view: "overdue" | "progress" | "summary"; page: number }
  /** pendingValue (and pendingEvidence: a captioned photo's) came in one line naming several items. */
  | { flow: "report"; step: "choose_item"; refs: ItemRef[]; page: number; correction: boolean; pendingValue?: string; pendingEvidence?: Evidence[]; pendingPeriod?: PeriodHint }
  | { flow: "report"; step: "choose_period"; item: ItemRef; periodKeys: string[]; correction: boolean }
  /** evidence: a captioned photo whose caption's figure was refused, kept for the corrected one. */
  | { flow: "report"; step: "enter_value"; item: ItemRef; periodKey: string; correction: boolean; evidence?: Evidence[] }
  | { flow: "report"; step: "choose_task_status"; item: ItemRef; periodKey: string; correction: boolean }
  | { flow: "report"; step: "confirm_unusual"; draft: Draft }
  | { flow: "report"; step: "enter_note"; draft: Draft }
  | { flow: "report"; step: "add_evidence"; draft: Draft }
  | { flow: "report"; step: "confirm"; draft: Draft }
  | { flow: "correct"; step: "choose_report"; refs: { item: ItemRef; periodKey: string }[] }
  | { flow: "broadcast"; step: "choose_audience" | "enter_unit" | "choose_role" | "enter_text"; audience?: Audience; units?: { id: number; name: string }[] }
  /** `sendsAt`: the working moment it waits for (ISO), when that is later than when it was previewed. */
  | { flow: "broadcast"; step: "confirm"; audience: Audience; text: string | Message; sendsAt?: string }
  /** An unlinked sender whose phone belongs to a registered person: confirm before linking. */
  | { flow: "link_phone"; personId: number }
  /** /duyet: the unit's waiting figures as shown (each at the revision shown), and the one picked. */
  | { flow: "approve"; step: "list"; figures: ShownFigure[] }
  | { flow: "approve"; step: "figure" | "enter_reason"; figures: ShownFigure[]; picked: number }
  | { flow: "approve"; step: "confirm_all"; figures: ShownFigure[] }
  /** /khoaso, /mokhoa: the periods offered. */
  | { flow: "lock"; close: boolean; periodKeys: string[] }
  /** A reminder digest was sent: its items can be picked by number, and a lone item takes a bare figure. */
  | { flow: "digest"; items: { item: ItemRef; periodKey: string }[]; /** The digest listed more lines than it numbered. */ more?: boolean };

/** A figure as a head saw it: a decision applies to this revision only (a correction since makes it stale). */
export interface ShownFigure {
  reportId: number;
  revision: number;
}

/** What one chat remembers between messages; stored as JSON per (channel, chat) with an expiry. */
export interface Session {
  flow: FlowState | null;
  /** The choices last offered: typing "2" or pressing the second button picks offered[1]. */
  offered: OfferedChoice[];
  /** Wrong invite codes from this chat, for the rate limit. */
  linkFailures: { count: number; since: string } | null;
  /**
   * Counts the offers made in this chat. Button ids carry it ("c2.1f"), so a press on a keyboard from
   * an earlier message is refused as expired instead of picking whatever sits at its position now.
   */
  offerSeq?: number;
}

/** A choice as offered: the button id shown to the channel and what picking it means. */
export interface OfferedChoice extends Choice {
  action: ChoiceAction;
}

export type ChoiceAction =
  | { type: "pick"; index: number }
  | { type: "yes" }
  | { type: "no" }
  | { type: "skip" }
  | { type: "more" }
  | { type: "cancel" }
  | { type: "command"; command: Command }
  | { type: "task_status"; status: TaskStatus }
  | { type: "report_item"; item: ItemRef; periodKey: string }
  | { type: "audience"; audience: Audience | "unit" | "role" }
  | { type: "template" }
  | { type: "set_locale"; locale: Locale }
  /** The menu's language choice: asks which language (the same as typing /ngonngu). */
  | { type: "ask_language" }
  /** A broadcast goes out now, through quiet hours or a weekend: the coordinator's explicit choice. */
  | { type: "send_now" }
  | { type: "approve_all" }
  | { type: "approve_one" }
  | { type: "return_one" }
  | { type: "back" }
  /** /xuat's ask-back: the period is in the button's own id ("xuat:2026-11"), so a press needs no stored offer. */
  | { type: "export"; periodKey: string };

export type Command = "report" | "list" | "correct" | "overdue" | "progress" | "summary" | "help" | "cancel" | "broadcast" | "approve" | "lock" | "unlock" | "web";

export function emptySession(): Session {
  return { flow: null, offered: [], linkFailures: null };
}

/** A stored session from an older version, or a damaged one, starts afresh instead of failing. */
export function parseSession(stored: unknown): Session {
  if (!stored || typeof stored !== "object") return emptySession();
  const s = stored as Partial<Session>;
  return {
    flow: s.flow ?? null,
    offered: Array.isArray(s.offered) ? s.offered : [],
    linkFailures: s.linkFailures ?? null,
    ...(typeof s.offerSeq === "number" && Number.isSafeInteger(s.offerSeq) ? { offerSeq: s.offerSeq } : {}),
  };
}

/**
 * The session offering these choices: typing "2" or pressing the second button picks the second.
 * Each offer gets the next number, written into the button ids ("c1.a", "c2.a"…: short ASCII, far
 * inside Telegram's 64 bytes of callback data), so only the latest keyboard's buttons answer.
 */
export function offerChoices(session: Session, choices: Omit<OfferedChoice, "id">[]): Session {
  const offerSeq = ((session.offerSeq ?? 0) + 1) % 1_000_000;
  const tag = offerSeq.toString(36);
  return { ...session, offerSeq, offered: choices.map((c, i) => ({ ...c, id: c.action.type === "export" ? exportChoiceId(c.action.periodKey) : `c${i + 1}.${tag}` })) };
}

/**
 * A choice that carries everything it means in its id, answered whatever the session holds — after
 * a restart, a lost session or another offer since: /xuat's period ("xuat:2026-11", ASCII, far
 * inside Telegram's 64 bytes). Undefined for any other id.
 */
export function statelessChoice(id: string): ChoiceAction | undefined {
  const m = /^xuat:(\d{4}(?:-(?:\d{2}|Q[1-4]|H[12]|9M))?|once)$/.exec(id);
  return m ? { type: "export", periodKey: m[1]! } : undefined;
}

function exportChoiceId(periodKey: string): string {
  return `xuat:${periodKey}`;
}
