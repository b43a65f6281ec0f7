import type { Attachment, Choice, Message } from "./types.ts";
import type { Audience, ItemRef, TaskStatus } from "./context.ts";

/** A report being put together, before the person confirms it. */
export interface Draft {
  item: ItemRef;
  periodKey: string;
  valueNumber: number | null;
  valueText: string | null;
  taskStatus: TaskStatus | null;
  note: string | null;
  evidence: Extract<Attachment, { fileId: string }>[];
  /** A correction of an existing report (sửa) rather than a first report. */
  correction: boolean;
}

export type FlowState =
  | { flow: "list"; page: number }
  | { flow: "report"; step: "choose_item"; refs: ItemRef[]; page: number; correction: boolean; pendingValue?: string }
  | { flow: "report"; step: "choose_period"; item: ItemRef; periodKeys: string[]; correction: boolean }
  | { flow: "report"; step: "enter_value"; item: ItemRef; periodKey: string; correction: boolean }
  | { flow: "report"; step: "choose_task_status"; item: ItemRef; periodKey: string; correction: boolean }
  | { flow: "report"; step: "confirm_unusual"; draft: Draft }
  | { flow: "report"; step: "enter_note"; draft: Draft }
  | { flow: "report"; step: "add_evidence"; draft: Draft }
  | { flow: "report"; step: "confirm"; draft: Draft }
  | { flow: "correct"; step: "choose_report"; refs: { item: ItemRef; periodKey: string }[] }
  | { flow: "broadcast"; step: "choose_audience" | "enter_unit" | "choose_role" | "enter_text"; audience?: Audience; units?: { id: number; name: string }[] }
  | { flow: "broadcast"; step: "confirm"; audience: Audience; text: string | Message }
  /** An unlinked sender whose phone belongs to a registered person: confirm before linking. */
  | { flow: "link_phone"; personId: number }
  /** A reminder digest was sent: its items can be picked by number, and a lone item takes a bare figure. */
  | { flow: "digest"; items: { item: ItemRef; periodKey: string }[] };

/** What one chat remembers between messages; stored as JSON per (channel, chat) with an expiry. */
export interface Session {
  flow: FlowState | null;
  /** The choices last offered: typing "2" or pressing the second button picks offered[1]. */
  offered: OfferedChoice[];
  /** Wrong invite codes from this chat, for the rate limit. */
  linkFailures: { count: number; since: string } | null;
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
  | { type: "template" };

export type Command = "report" | "list" | "correct" | "overdue" | "progress" | "summary" | "help" | "cancel" | "broadcast";

export function emptySession(): Session {
  return { flow: null, offered: [], linkFailures: null };
}
