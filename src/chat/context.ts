import type { Role } from "../domain/roles.ts";
import type { TaskStatus } from "../domain/task-status.ts";
import type { PeriodStatus } from "../domain/reporting-period.ts";
import type { Target, ValueKind } from "../domain/types.ts";
import type { Locale } from "../i18n/translator.ts";
import type { ChannelCapabilities } from "./channel-capabilities.ts";

/** Re-exported for the reporting service, which still imports it from here (the approval branch reworks that file). */
export type { TaskStatus } from "../domain/task-status.ts";

/** Which item a unit reports: an indicator or a task, for one unit. */
export interface ItemRef {
  subjectType: "indicator" | "task";
  subjectId: number;
  unitId: number;
}

export interface ReportView {
  valueNumber: number | null;
  valueText: string | null;
  taskStatus: TaskStatus | null;
  note: string | null;
  revision: number;
  at: Date;
  reporterName: string | null;
  /**
   * Where the figure stands with the unit head, for a plan with approval on (absent otherwise):
   * waiting, approved, or returned with the head's reason.
   */
  approval?: { status: "submitted" | "approved" | "returned"; reason: string | null };
}

export interface PeriodView {
  key: string;
  dueAt: Date;
  status: PeriodStatus;
  closed: boolean;
  report: ReportView | null;
}

/**
 * An assigned item without its periods: what, for which unit, and its target. It changes only when
 * the catalogue or the assignments do, so the host may hand out the same object on many turns:
 * read it, never change it.
 */
export interface ItemSummary {
  ref: ItemRef;
  code: string;
  name: string;
  nameKey: string;
  plan: string;
  unitName: string;
  valueKind: ValueKind;
  unitOfMeasure: string | null;
  target: { year: number; raw: string; parsed: Target } | null;
}

/** An assigned item as the chat sees it: its summary and its open periods with their reports. */
export interface ItemView extends ItemSummary {
  /** Open periods, oldest first; the last one is the current period. */
  periods: PeriodView[];
}

export interface PersonView {
  id: number;
  name: string;
  unitId: number | null;
  unitName: string | null;
  roles: readonly Role[];
  locale: Locale;
}

export type InviteCheck =
  | { status: "ok"; personId: number; personName: string }
  | { status: "unknown" | "used" | "expired" };

export interface RecentReport {
  ref: ItemRef;
  code: string;
  name: string;
  valueKind: ValueKind;
  unitOfMeasure: string | null;
  periodKey: string;
  periodClosed: boolean;
  report: ReportView;
}

export interface OverdueLine {
  code: string;
  name: string;
  unitName: string;
  focalNames: string[];
  periodKey: string;
  dueAt: Date;
  status: "overdue" | "due_soon";
  days: number;
}

/** A unit's standing over its open periods, as /tiendo and /tonghop show it (folded from the read model: reporting-status.ts summariseOpenPeriods). */
export interface UnitProgress {
  unitId: number;
  unitName: string;
  /** The latest open period of the unit's first item (the period its line is mostly about). */
  periodKey: string | null;
  /** Items with an expected open period. */
  expected: number;
  /** Items whose latest expected open period counts as reported (figure-counts: approved, with approval on). */
  reported: number;
  /** Of those, met (or exceeded) and not met their target. */
  met: number;
  notMet: number;
  /** Items with an expected open period overdue and never reported. */
  overdue: number;
}

/**
 * Read-only capabilities the core gets from the host. Synchronous: they are SQLite reads.
 * The core never writes: it returns effects that the host applies in one transaction.
 */
/** Who a broadcast goes to. */
export type Audience =
  | { type: "all" }
  | { type: "not_reported"; periodKey: string }
  | { type: "unit"; unitId: number }
  | { type: "role"; role: Role };

export interface AudiencePreview {
  /** People in the audience. */
  people: number;
  /** Of them, with a chat account that can receive it. */
  linked: number;
  notLinked: number;
  /** Units concerned (for "not reported": the units behind). */
  units: number;
}

/** A figure waiting for its unit head, as /duyet shows it. */
export interface WaitingView {
  reportId: number;
  revision: number;
  code: string;
  name: string;
  unitName: string;
  unitOfMeasure: string | null;
  valueKind: ValueKind;
  periodKey: string;
  valueNumber: number | null;
  valueText: string | null;
  taskStatus: TaskStatus | null;
  note: string | null;
  reporterName: string | null;
  target: string | null;
  previous: { periodKey: string; value: number | string | null } | null;
  evidenceCount: number;
}

export interface ChatLookups {
  checkInvite(code: string): Promise<InviteCheck>;
  /** A registered person with this phone number (normalised), for linking by phone. */
  personByPhone(phone: string): Promise<{ personId: number; name: string; unitName: string | null } | null>;
  /**
   * The person's items in list order ("#3" is the third), without periods: cheap, for matching
   * typed words against before asking for the periods of the one or few items they name.
   */
  itemSummaries(personId: number): Promise<readonly ItemSummary[]>;
  /** The person's items with their periods and reports, in list order; `only` narrows to these items. */
  itemsForPerson(personId: number, options?: { only?: readonly ItemRef[] }): Promise<ItemView[]>;
  recentReports(personId: number, limit: number): Promise<RecentReport[]>;
  overdueForUnit(unitId: number): Promise<OverdueLine[]>;
  progressForUnit(unitId: number): Promise<UnitProgress[]>;
  provinceProgress(): Promise<UnitProgress[]>;
  findUnits(text: string): Promise<{ id: number; name: string }[]>;
  previewAudience(audience: Audience): Promise<AudiencePreview>;
  /** Figures of plans with approval on waiting for a decision, in this unit and its sub-units. */
  waitingApprovals(unitId: number): Promise<WaitingView[]>;
  /** Who can unlock a locked period (the coordinators' names). */
  unlockers(): Promise<string[]>;
  /** The periods a coordinator may close or reopen, newest first, each with whether it is locked now. */
  lockablePeriods(): Promise<{ key: string; locked: boolean }[]>;
}

export interface ChatContext {
  now: Date;
  /** What the channel the turn came from can show (buttons or a typed numbered list). */
  channel: ChannelCapabilities;
  /**
   * When a broadcast confirmed now would go out: the next working moment outside quiet hours,
   * weekends and holidays (the host's calendar). Absent: at once.
   */
  broadcastsFrom?: Date;
  person: PersonView | null;
  defaultLocale: Locale;
  lookups: ChatLookups;
}
