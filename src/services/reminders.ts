import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { inTransaction, type Db } from "../../db/client.ts";
import {
  activeSnoozes,
  deliveriesForPeriods,
  itemLabels,
  peopleById,
  peopleInRoles,
  reachableAccounts,
  deliveriesAfter,
  deliveryKey,
  recordDeliveries,
  recordedDeliveryKeys,
  reminderTickStamp,
  reportedKeys,
  reportingAssignments,
  unitTree,
  type NewDelivery,
  type ReachableAccount,
  type ReportingAssignmentRow,
} from "../../db/repositories/reminders-repository.ts";
import type { ReminderLineTuple } from "../../db/repositories/reminders-repository.ts";
import type { ItemRef } from "../chat/context.ts";
import { offerDigest } from "../chat/flows/digest.ts";
import { formatDue, periodLabel, shorten } from "../chat/format.ts";
import type { Message } from "../chat/types.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { openPeriodsAt } from "../domain/open-periods.ts";
import { dueRulesCheck } from "./due-rules.ts";
import { firstSendingMoment, planReminders, plansAhead, type ReminderPlan, type AssignmentPeriod, type EscalationLine, type ReminderLine, type ReminderRules, type SentReminder } from "../domain/plan-reminders.ts";
import { localDayNumber, parseHolidays, parseQuietHours, type QuietHours } from "../domain/working-calendar.ts";
import type { Locale } from "../i18n/translator.ts";
import { channelCapabilities } from "../chat/channel-capabilities.ts";
import { refKey } from "../chat/reader/item-index.ts";
import { itemSummariesOfPeople } from "./chat-lookups.ts";
import { queueApprovalDigests } from "./approval-digests.ts";
import { lockCheckOfEveryItem } from "./approvals.ts";
import { catalogueVersion } from "../../db/repositories/catalogue-version.ts";
import { dutyCheck } from "./reporting-duty.ts";
import { queueMessages, type OfferingPersonMessage, type PersonMessage } from "./host-outbound.ts";

export type ReminderConfig = Pick<
  Config,
  | "REMINDER_OFFSETS_DAYS"
  | "REMINDER_HOUR"
  | "OVERDUE_REMINDER_EVERY_WORKING_DAYS"
  | "OVERDUE_REMINDER_MAX"
  | "ESCALATE_AFTER_DAYS"
  | "QUIET_HOURS"
  | "HOLIDAYS"
  | "DEFAULT_LOCALE"
  | "SESSION_TTL_MINUTES"
>;

export interface ReminderTickDeps {
  db: Db;
  clock: Clock;
  config: ReminderConfig;
  logger: Logger;
}

export interface ReminderTickResult {
  /** Reminder digests queued (one per person at most), heads' "figures waiting for approval" included. */
  digests: number;
  /** Escalation digests queued (one per unit head at most), and coordinators' "approvals waiting too long". */
  escalations: number;
  /** Item lines those messages carry. */
  lines: number;
  /** People with something due but no linked, unblocked chat: nothing queued for them. */
  notLinked: number;
  /** Lines held back by a snooze. */
  snoozed: number;
}

/** Numbered, pressable items in one digest: keeps it inside Zalo's 2,000 characters and a usable keyboard. */
/** The reminder job's lock name across instances: the service's tick (runExclusively) and a one-off `reminders run --send` (runWhenFree). */
export const REMINDER_JOB_LOCK = "job:reminders";

export const DIGEST_MAX_ITEMS = 10;
/** Item lines of an escalation digest; every unit is still named with its count. */
export const ESCALATION_MAX_LINES = 12;

/** An assignment-period with what the messages need to name it. */
interface ReminderItem extends AssignmentPeriod {
  ref: ItemRef;
  unitName: string;
}

type Labels = Map<string, { code: string; name: string }>;

/**
 * One reminder tick: collects every open assignment-period in a few queries, plans what is due now
 * (src/domain/plan-reminders.ts), and for each person queues ONE digest in their language — with
 * its delivery rows, the outbox message and the conversation's digest choices in one transaction,
 * so a crash leaves either all of it or nothing. Unit heads get their escalations the same way.
 * Running it twice for the same minute queues nothing the second time (the kept plan and the history
 * it reads know every line queued; reminder_deliveries is unique per person, message kind, day and
 * lines; the outbox dedup key is the third guard).
 */
export async function runReminderTick(deps: ReminderTickDeps): Promise<ReminderTickResult> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const result: ReminderTickResult = { digests: 0, escalations: 0, lines: 0, notLinked: 0, snoozed: 0 };
  const calendar = calendarOf(config);
  const baseRules: ReminderRules = {
    offsetsDays: config.REMINDER_OFFSETS_DAYS,
    reminderHour: config.REMINDER_HOUR,
    overdueEveryWorkingDays: config.OVERDUE_REMINDER_EVERY_WORKING_DAYS,
    overdueMax: config.OVERDUE_REMINDER_MAX,
    escalateAfterDays: config.ESCALATE_AFTER_DAYS,
    quiet: calendar.quiet,
    holidays: calendar.holidays,
    snoozes: [],
  };
  // Most ticks (nights, weekends, before 08:00) can send nothing: answer without reading the database,
  // except in the hour before a working day's first sending moment, which builds the day's plan ahead:
  // the items, and the planner's answer for that moment (see keptPlan).
  const moment = planReminders([], now, baseRules);
  if (!moment.sendingMoment) {
    if (plansAhead(now, baseRules)) {
      const ahead = await keptPlanFor(db, now, firstSendingMoment(now, baseRules), moment.localDate, baseRules);
      // Each message's lines as it will carry them (order, tuples, fingerprint, JSON): the due tick finds them made.
      for (const e of ahead.plan.escalations) preparedLines(e.lines, true);
      for (const r of ahead.plan.reminders) preparedLines(r.lines, false);
    }
    return result;
  }
  // Unit heads hear of figures waiting for approval once a day, at this moment, never per figure.
  const approvals = await queueApprovalDigests(db, { now, localDate: moment.localDate, staleAfterDays: config.ESCALATE_AFTER_DAYS });
  result.digests += approvals.heads;
  result.escalations += approvals.escalations;

  const kept = await keptPlanFor(db, now, now, moment.localDate, baseRules);
  const plan = kept.plan;
  result.snoozed = plan.snoozed;
  if (plan.reminders.length === 0 && plan.escalations.length === 0) return result;

  // Who can be reached first: the names, languages and labels are read for their messages only (a
  // quiet tick whose plan holds only people without a linked chat reads none of them).
  const accounts = await reachableAccounts(db);
  const reachable = <G extends { personId: number }>(groups: readonly G[]): G[] => {
    const out: G[] = [];
    for (const g of groups) {
      if (accounts.has(g.personId)) out.push(g);
      else result.notLinked += 1;
    }
    return out;
  };
  const escalationGroups = reachable(plan.escalations);
  const reminderGroups = reachable(plan.reminders);
  const preparedEscalations = escalationGroups.map((e) => preparedLines(e.lines, true));
  const preparedDigests = reminderGroups.map((r) => preparedLines(r.lines, false));
  const anyone = escalationGroups.length + reminderGroups.length > 0;
  const personIds = new Set<number>();
  const subjectKeys = new Set<string>();
  for (let i = 0; i < escalationGroups.length; i += 1) {
    personIds.add(escalationGroups[i]!.personId);
    const { focalPersonIds, subjectKeys: keys } = preparedEscalations[i]!;
    for (let k = 0; k < focalPersonIds.length; k += 1) personIds.add(focalPersonIds[k]!);
    for (let k = 0; k < keys.length; k += 1) subjectKeys.add(keys[k]!);
  }
  for (let i = 0; i < reminderGroups.length; i += 1) {
    personIds.add(reminderGroups[i]!.personId);
    const keys = preparedDigests[i]!.subjectKeys;
    for (let k = 0; k < keys.length; k += 1) subjectKeys.add(keys[k]!);
  }
  const people = anyone ? await peopleById(db, [...personIds]) : new Map<number, { name: string; locale: Locale }>();
  const localeOf = (personId: number): Locale => people.get(personId)?.locale ?? config.DEFAULT_LOCALE;
  const today = localDayNumber(now);
  const labels = anyone ? await itemLabels(db, [...subjectKeys]) : new Map<string, { code: string; name: string }>();
  // Most lines of a tick share a few deadlines: each worded once.
  const dueLabels = new Map<number, string>();
  const dueLabel = (dueAt: Date): string => {
    let label = dueLabels.get(dueAt.getTime());
    if (label === undefined) dueLabels.set(dueAt.getTime(), (label = formatDue(dueAt, now)));
    return label;
  };
  const ctx: DigestContext = { db, now, today, localDate: plan.localDate, ttlMs: config.SESSION_TTL_MINUTES * 60_000, labels, nameOf: (id) => people.get(id)?.name ?? `#${id}`, dueLabel };

  // Escalations first, so that a head who also reports finds the digest (with live choices) last.
  const jobOf = <L extends EscalationLine<ReminderItem> | ReminderLine<ReminderItem>>(g: { personId: number; lines: L[] }, prepared: PreparedLines<L>): Job<L> =>
    ({ account: accounts.get(g.personId)!, locale: localeOf(g.personId), lines: prepared.lines, prepared, group: g.lines });
  const escalations = escalationGroups.map((e, i) => jobOf(e, preparedEscalations[i]!));
  const digests = reminderGroups.map((r, i) => jobOf(r, preparedDigests[i]!));
  const queued = await queueAllOrEach(ctx, deps.logger, escalations, digests);
  await keepQueued(db, kept, queued);
  for (const n of queued.escalations.filter((n) => n > 0)) {
    result.escalations += 1;
    result.lines += n;
  }
  for (const n of queued.digests.filter((n) => n > 0)) {
    result.digests += 1;
    result.lines += n;
  }
  // Unreachable people come back every run until they link: only worth an info line when something went out.
  if (result.digests || result.escalations) deps.logger.info({ ...result, localDate: plan.localDate }, "reminders queued");
  else if (result.notLinked) deps.logger.debug({ ...result, localDate: plan.localDate }, "reminders due for people without a linked chat");
  return result;
}

/**
 * The tick's plan, per database handle: the open assignment-periods (the costly part: every
 * assignment, its open periods, the reported keys and the reminders sent), built ahead in the hour
 * before the day's first sending moment (plansAhead) or by the first tick that finds none, and the
 * planner's answer (the cheap part: which of them are due at this minute). The items are kept while
 *   - the stamp read from the database is the same: catalogueVersion (catalogue, units, people, roles,
 *     assignments — on PostgreSQL a row its triggers bump, so another instance's edit is seen) and
 *     reminderTickStamp (reports, decisions, periods closed or reopened, "track from", the newest
 *     reminder queued), read before anything else, so a write landing during a rebuild makes the next
 *     tick rebuild;
 *   - the local day is the same (the planner works in days) and no deadline or cutoff lock of an open
 *     period has passed since (validUntil), nor KEPT_PLAN_MAX_AGE_MS;
 * and planned again, without reading, when the active snoozes differ. The reminders a tick queues are
 * added to the kept items and taken out of the kept plan (keepQueued): they do not make the next tick
 * rebuild. A quiet tick then costs the stamp reads and the snoozes. Tested in
 * tests/reminders/kept-plan.test.ts.
 */
async function keptPlan(db: Db, now: Date, localDate: string, snoozeKey: string, planOf: (items: ReminderItem[]) => ReminderPlan<ReminderItem>): Promise<KeptPlan & { plan: ReminderPlan<ReminderItem> }> {
  const k = await keptItems(db, now, localDate);
  if (!k.plan || k.snoozeKey !== snoozeKey) {
    addUnsent(k);
    const plan = planOf(k.items);
    // A plan made ahead for a moment that turned out not to be one (no answer) is not kept: the due tick plans itself.
    if (plan.sendingMoment && plan.localDate === localDate) {
      k.plan = plan;
      k.snoozeKey = snoozeKey;
    } else {
      delete k.plan;
      delete k.snoozeKey;
      return { ...k, plan };
    }
  }
  return k as KeptPlan & { plan: ReminderPlan<ReminderItem> };
}

/** keptPlan with the planner's answer for the moment `at` (now, or the first sending moment planned ahead), under the snoozes active then. */
async function keptPlanFor(db: Db, now: Date, at: Date, localDate: string, rules: ReminderRules): Promise<Awaited<ReturnType<typeof keptPlan>>> {
  const rows = await activeSnoozes(db, at);
  const snoozes = rows.map((s) => ({ personId: s.personId, subjectKey: s.subjectKey, unitId: s.unitId, until: s.until }));
  return await keptPlan(db, now, localDate, snoozeKeyOf(rows), (items) => planReminders(items, at, { ...rules, snoozes }));
}

/** The active snoozes as keptPlan compares them: a snooze added, ended or run out plans again. */
function snoozeKeyOf(rows: readonly { id: number; until: Date }[]): string {
  return rows.map((s) => `${s.id}:${s.until.getTime()}`).join(",");
}

/** The kept open assignment-periods, rebuilt when the stamps say something they depend on changed (see keptPlan). */
async function keptItems(db: Db, now: Date, localDate: string): Promise<KeptPlan> {
  const catalogue = await catalogueVersion(db);
  const { inputs, lastDeliveryId } = await reminderTickStamp(db);
  const stamp = `${catalogue}#${inputs}#${localDate}`;
  let k = keptPlans.get(db);
  if (!k || k.stamp !== stamp || k.lastDeliveryId !== lastDeliveryId || now.getTime() >= k.validUntil) {
    const { items, validUntil } = await collectAssignmentPeriods(db, now);
    k = { stamp, lastDeliveryId, validUntil: Math.min(validUntil, now.getTime() + KEPT_PLAN_MAX_AGE_MS), items };
    keptPlans.set(db, k);
  }
  return k;
}

/**
 * The tick's own reminders, once committed, as a known delta: each recorded line joins its item's
 * history and leaves the kept plan — what planning the items again would answer, since a line sent
 * today is not due again today (once-a-day slot, overdue cadence, one escalation). Only when the rows
 * (messages) queued since the kept stamp are exactly these (their count): any other writer's row, or a rollback
 * around the tick (reminder-preview), makes the next tick rebuild instead.
 */
async function keepQueued(db: Db, k: KeptPlan & { plan: ReminderPlan<ReminderItem> }, { recorded, messages }: Queued): Promise<void> {
  if (messages === 0) return;
  const after = await deliveriesAfter(db, k.lastDeliveryId);
  if (keptPlans.get(db) !== k || after.count !== messages) {
    keptPlans.delete(db);
    return;
  }
  // A message that carried all of its plan group's lines takes the group out whole; the lines of any
  // other message are taken out one by one.
  const queuedGroups = new Set<object>();
  const queued = new Set<object>();
  const localDate = k.plan.localDate;
  const unsent = (k.unsent ??= { items: [], sent: [] });
  // Index loops, no destructuring: this runs once per due tick over every line queued (tens of
  // thousands), mostly before the optimizer has compiled it, where each iterator is an allocation.
  for (let r = 0; r < recorded.length; r += 1) {
    const m = recorded[r]!;
    if (m.group) queuedGroups.add(m.group);
    // One history entry per kind and offset of the message, shared by its lines (the planner only reads them).
    const slots: SentReminder[] = [];
    for (let n = 0; n < m.lines.length; n += 1) {
      const tuple = m.tuples[n]!;
      const kind = tuple[3];
      const offsetDays = tuple[4];
      let sent: SentReminder | undefined;
      for (let s = 0; s < slots.length; s += 1) if (slots[s]!.kind === kind && slots[s]!.offsetDays === offsetDays) sent = slots[s];
      if (!sent) slots.push((sent = { personId: m.personId, kind, offsetDays, localDate }));
      const line = m.lines[n]!;
      unsent.items.push(line.source);
      unsent.sent.push(sent);
      if (!m.group) queued.add(line);
    }
  }
  const left = <L extends object>(groups: { personId: number; lines: L[] }[]) => {
    const out: { personId: number; lines: L[] }[] = [];
    for (const g of groups) {
      if (queuedGroups.has(g.lines)) continue;
      const lines = queued.size ? g.lines.filter((l) => !queued.has(l)) : g.lines;
      if (lines.length === 0) continue;
      out.push(lines.length === g.lines.length ? g : { personId: g.personId, lines });
    }
    return out;
  };
  k.plan = { ...k.plan, reminders: left(k.plan.reminders), escalations: left(k.plan.escalations) };
  k.lastDeliveryId = after.lastId;
}

/**
 * A bound on how long a kept plan is trusted even though its stamp holds: on PostgreSQL two writers can
 * commit out of the order of their ids and times, so a max() can miss the one committed later.
 */
export const KEPT_PLAN_MAX_AGE_MS = 60 * 60_000;

/** Drops the plan kept for this database handle: the next tick rebuilds it (the bench's "rebuilt" rows). */
export function forgetKeptReminderPlan(db: Db): void {
  keptPlans.delete(db);
}

interface KeptPlan {
  stamp: string;
  lastDeliveryId: number;
  validUntil: number;
  items: ReminderItem[];
  snoozeKey?: string;
  plan?: ReminderPlan<ReminderItem>;
  /**
   * The history the ticks' own reminders add to the items (keepQueued), not yet in them: item i of
   * `items` gains `sent[i]`. Added before the items are planned again (keptPlan), so a due tick only
   * notes them.
   */
  unsent?: { items: ReminderItem[]; sent: SentReminder[] };
}

/** Adds the noted history to the kept items (see KeptPlan.unsent). */
function addUnsent(k: KeptPlan): void {
  if (!k.unsent) return;
  const { items, sent } = k.unsent;
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i]!;
    // The item's own history list (built per item by collectAssignmentPeriods, never shared): grown in place.
    if (item.sent) (item.sent as SentReminder[]).push(sent[i]!);
    else item.sent = [sent[i]!];
  }
  delete k.unsent;
}

const keptPlans = new WeakMap<Db, KeptPlan>();

/** A message a tick recorded as queued (its reminder_deliveries row): its lines and their tuples, in the same order, for keepQueued. */
interface Recorded {
  personId: number;
  tuples: readonly ReminderLineTuple[];
  lines: readonly (EscalationLine<ReminderItem> | ReminderLine<ReminderItem>)[];
  /** The kept plan's group when the message carried all of its lines. */
  group?: readonly object[];
}

/** A person's lines to queue in one message, most urgent first, and the chat that reaches them. */
interface Job<L> {
  account: ReachableAccount;
  locale: Locale;
  lines: L[];
  /** These very lines prepared (preparedLines), and the kept plan's group they are all of; both absent once some were left out. */
  prepared?: PreparedLines<L>;
  group?: readonly L[];
}

/**
 * A message's lines as it carries them: most urgent first (escalations: longest overdue first), each
 * as its delivery row keeps it (tuples, and their JSON), and their fingerprint. Pure functions of a
 * plan group's lines, made once per group (a WeakMap on its lines array: the kept plan's groups are
 * replaced, never changed) — by the tick that plans ahead, so that the due tick finds them made.
 */
interface PreparedLines<L> {
  lines: L[];
  tuples: ReminderLineTuple[];
  hash: string;
  json: string;
  /** The items named (for their labels) and, in an escalation, the focal points named (for their names): each once. */
  subjectKeys: string[];
  focalPersonIds: number[];
  /** An escalation's lines by unit (unitsOf). */
  units?: EscalationUnit[];
}

const preparedOfLines = new WeakMap<readonly object[], PreparedLines<EscalationLine<ReminderItem> | ReminderLine<ReminderItem>>>();

function preparedLines<L extends EscalationLine<ReminderItem> | ReminderLine<ReminderItem>>(group: readonly L[], escalation: boolean): PreparedLines<L> {
  let p = preparedOfLines.get(group) as PreparedLines<L> | undefined;
  if (!p) {
    const lines = escalation ? [...group].sort((a, b) => b.daysOverdue - a.daysOverdue) : ([...group] as ReminderLine<ReminderItem>[]).sort(byUrgency) as L[];
    p = prepareLines(lines, escalation);
    preparedOfLines.set(group, p);
  }
  return p;
}

/** PreparedLines of lines in the order given. */
function prepareLines<L extends EscalationLine<ReminderItem> | ReminderLine<ReminderItem>>(lines: L[], escalation: boolean): PreparedLines<L> {
  const tuples = lines.map((l) => lineTuple(l, escalation));
  const subjectKeys = new Set<string>();
  const focalPersonIds = new Set<number>();
  for (const l of lines) {
    subjectKeys.add(l.subjectKey);
    if (escalation) for (const id of (l as EscalationLine<ReminderItem>).focalPersonIds) focalPersonIds.add(id);
  }
  return {
    lines,
    tuples,
    hash: linesHash(tuples),
    json: JSON.stringify(tuples),
    subjectKeys: [...subjectKeys],
    focalPersonIds: [...focalPersonIds],
    ...(escalation ? { units: unitsOf(lines as EscalationLine<ReminderItem>[]) } : {}),
  };
}

/**
 * Queues every digest and escalation of the tick in one transaction (queueAll). Should that fail, each
 * person's goes in a transaction of its own, as before the batching: one person's failure (rolled
 * back) must not keep the others' reminders from going out. Answers the lines queued, job by job.
 */
async function queueAllOrEach(ctx: DigestContext, logger: Logger, escalations: Job<EscalationLine<ReminderItem>>[], digests: Job<ReminderLine<ReminderItem>>[]): Promise<Queued> {
  if (escalations.length + digests.length === 0) return { escalations: [], digests: [], recorded: [], messages: 0 };
  try {
    return await inTransaction(ctx.db, () => queueAll(ctx, escalations, digests));
  } catch (err) {
    logger.error({ err }, "reminder digests failed as one batch; queuing them person by person");
  }
  const out: Queued = { escalations: [], digests: [], recorded: [], messages: 0 };
  const each = async (personId: number, queue: () => Promise<Queued>): Promise<number> => {
    try {
      const r = await inTransaction(ctx.db, queue);
      out.recorded.push(...r.recorded);
      out.messages += r.messages;
      return [...r.escalations, ...r.digests][0] ?? 0;
    } catch (err) {
      logger.error({ err, personId }, "reminder digest failed; it is retried at the next tick");
      return 0;
    }
  };
  for (const e of escalations) out.escalations.push(await each(e.account.personId, () => queueAll(ctx, [e], [])));
  for (const d of digests) out.digests.push(await each(d.account.personId, () => queueAll(ctx, [], [d])));
  return out;
}

/** Lines each message carries, job by job (0: all were queued before), and the delivery rows recorded. */
interface Queued {
  escalations: number[];
  digests: number[];
  recorded: Recorded[];
  /** Delivery rows written: one per message. */
  messages: number;
}

interface DigestContext {
  db: Db;
  now: Date;
  today: number;
  localDate: string;
  ttlMs: number;
  labels: Labels;
  nameOf: (personId: number) => string;
  /** A deadline as the lines word it (formatDue against the tick's now). */
  dueLabel: (dueAt: Date) => string;
}

function labelOf(ctx: DigestContext, subjectKey: string): { code: string; name: string } {
  return ctx.labels.get(subjectKey) ?? { code: subjectKey, name: "" };
}

/**
 * Queues these escalations and digests (in the caller's transaction), in a fixed number of statements
 * however many: the lines these people were already sent today (one indexed read of today's messages),
 * the item numbers of every digest's person in one go, the messages through the host's outbound side in
 * one batch (escalations first), then one delivery row per message, with its lines and its outbox row,
 * in one insert. The kept plan knows what was sent before, so every line is new; a line found among
 * today's (another writer the plan did not see) is left out — a message left with none is not queued —
 * and the plan is built again at the next tick. Should a message turn out recorded already (the unique
 * index: another writer committing the same message meanwhile), this is undone (a savepoint) and done
 * again after reading today's lines once more. Answers how many lines each message carries (0: all
 * were queued before), the lines recorded and the rows written.
 */
async function queueAll(ctx: DigestContext, escalations: Job<EscalationLine<ReminderItem>>[], digests: Job<ReminderLine<ReminderItem>>[]): Promise<Queued> {
  try {
    return await inTransaction(ctx.db, async () => await queueFresh(ctx, escalations, digests));
  } catch (err) {
    if (!(err instanceof RecordedBefore)) throw err;
  }
  forgetKeptReminderPlan(ctx.db);
  return await queueFresh(ctx, escalations, digests);
}

/** queueLines for the lines not among those the people were sent today. */
async function queueFresh(ctx: DigestContext, escalations: Job<EscalationLine<ReminderItem>>[], digests: Job<ReminderLine<ReminderItem>>[]): Promise<Queued> {
  const before = await recordedDeliveryKeys(ctx.db, ctx.localDate, [...escalations, ...digests].map((j) => j.account.personId));
  if (before.size === 0) return await queueLines(ctx, escalations, digests);
  let missed = false;
  const fresh = <L extends EscalationLine<ReminderItem> | ReminderLine<ReminderItem>>(jobs: Job<L>[], escalation: boolean): Job<L>[] =>
    jobs.map((j) => {
      const personId = j.account.personId;
      const lines = j.lines.filter((l) => !before.has(deliveryKey({ personId, subjectKey: l.subjectKey, unitId: l.unitId, periodKey: l.periodKey, kind: lineKind(l, escalation) })));
      if (lines.length === j.lines.length) return j;
      missed = true;
      return { account: j.account, locale: j.locale, lines };
    });
  const queued = await queueLines(ctx, fresh(escalations, true), fresh(digests, false));
  // The kept plan missed a write: the next tick builds it again.
  if (missed) forgetKeptReminderPlan(ctx.db);
  return queued;
}

/** A line recorded before turned up while queuing: the transaction (a savepoint) is undone. */
class RecordedBefore extends Error {}

function lineKind(l: EscalationLine<ReminderItem> | ReminderLine<ReminderItem>, escalation: boolean): ReminderLineTuple[3] {
  return escalation ? "escalation" : (l as ReminderLine<ReminderItem>).kind;
}

/** One line of a person's message as its delivery row keeps it. */
function lineTuple(l: EscalationLine<ReminderItem> | ReminderLine<ReminderItem>, escalation: boolean): ReminderLineTuple {
  return [l.subjectKey, l.unitId, l.periodKey, lineKind(l, escalation), escalation ? 0 : (l as ReminderLine<ReminderItem>).offsetDays];
}

/** queueAll's work for lines taken as new: throws RecordedBefore when one was not. */
async function queueLines(ctx: DigestContext, escalations: Job<EscalationLine<ReminderItem>>[], digests: Job<ReminderLine<ReminderItem>>[]): Promise<Queued> {
  const { db, now } = ctx;
  // Each line carries the item's own number in the person's list (as in /chitieu and the pickers), not its place here.
  const lists = await itemSummariesOfPeople(db, now, digests.filter((d) => d.lines.length > 0).map((d) => d.account.personId));
  const messages: (PersonMessage | OfferingPersonMessage)[] = [];
  const carried: { delivery: NewDelivery & { linesJson: string }; lines: (EscalationLine<ReminderItem> | ReminderLine<ReminderItem>)[]; group?: readonly object[] }[] = [];
  const deliveryOf = (personId: number, kind: NewDelivery["kind"], p: PreparedLines<unknown>): NewDelivery & { linesJson: string } =>
    ({ personId, kind, localDate: ctx.localDate, linesHash: p.hash, lines: p.tuples, linesJson: p.json, outboxId: null, createdAt: now });
  for (const e of escalations) {
    if (e.lines.length === 0) continue;
    const prepared = e.prepared ?? prepareLines(e.lines, true);
    const delivery = deliveryOf(e.account.personId, "escalation", prepared);
    messages.push(escalationMessage(ctx, e.account, e.locale, e.lines, delivery.linesHash, prepared.units));
    carried.push({ delivery, lines: e.lines, ...(e.group ? { group: e.group } : {}) });
  }
  for (const d of digests) {
    if (d.lines.length === 0) continue;
    const numberOf = numbersOf(lists.get(d.account.personId) ?? [], d.lines.slice(0, DIGEST_MAX_ITEMS));
    const delivery = deliveryOf(d.account.personId, "reminder", d.prepared ?? prepareLines(d.lines, false));
    messages.push(digestMessage(ctx, d.account, d.locale, d.lines, numberOf, delivery.linesHash));
    carried.push({ delivery, lines: d.lines, ...(d.group ? { group: d.group } : {}) });
  }
  const queued = await queueMessages(db, messages, now);
  const deliveries = carried.map((c, i) => ({ ...c.delivery, outboxId: queued[i]!.id }));
  if ((await recordDeliveries(db, deliveries)) !== deliveries.length) throw new RecordedBefore("a reminder message was recorded before");
  const recorded = carried.map((c): Recorded => ({ personId: c.delivery.personId, tuples: c.delivery.lines, lines: c.lines, ...(c.group ? { group: c.group } : {}) }));
  return { escalations: escalations.map((e) => e.lines.length), digests: digests.map((d) => d.lines.length), recorded, messages: deliveries.length };
}

/** The numbers (place in the person's list, from 1; the last place if listed twice) of these lines' items, by refKey: a pass over the list, no key per item of it. */
function numbersOf(list: readonly { ref: ItemRef }[], lines: readonly ReminderLine<ReminderItem>[]): Map<string, number> {
  const out = new Map<string, number>();
  const wanted = lines.map((l) => l.source.ref);
  for (let n = 0; n < list.length; n += 1) {
    const r = list[n]!.ref;
    for (const w of wanted) if (w.subjectId === r.subjectId && w.unitId === r.unitId && w.subjectType === r.subjectType) out.set(refKey(w), n + 1);
  }
  return out;
}

/** One person's digest of these (fresh) lines, worded for the conversation it lands in. */
function digestMessage(ctx: DigestContext, account: ReachableAccount, locale: Locale, fresh: ReminderLine<ReminderItem>[], numberOf: Map<string, number>, hash: string): OfferingPersonMessage {
  const shown = fresh.slice(0, DIGEST_MAX_ITEMS);
  const numbers = shown.map((l) => numberOf.get(refKey(l.source.ref)) ?? "?");
  const single = fresh.length === 1 ? fresh[0] : undefined;
  // Without buttons (Zalo) the channel numbers the choices itself: the digest's lines are then the
  // choices, so that the message holds one numbered list, not the lines and again their choices.
  const { buttons } = channelCapabilities(account.channel);
  return {
    to: account,
    locale,
    kind: "reminder",
    dedupKey: `reminder:${account.personId}:${ctx.localDate}:${hash}`,
    ttlMs: ctx.ttlMs,
    compose: (session) => {
      // Someone halfway through a report keeps it: the digest then carries no buttons, since offering
      // them would replace the choices of the step they are on. Paging through their list is not work in progress.
      const canOffer = session.flow === null || session.flow.flow === "digest" || session.flow.flow === "list";
      const footer = !canOffer ? "reminder.footer_busy" : single ? (single.source.ref.subjectType === "task" ? "reminder.footer_single_task" : "reminder.footer_single") : "reminder.footer_many";
      const linesAreChoices = canOffer && !buttons;
      const lines: Message[] = [
        single ? { key: "reminder.title_single" } : { key: "reminder.title", params: { total: fresh.length } },
        ...(linesAreChoices ? [] : shown.map((l, i) => digestLine(l, numbers[i]!, ctx))),
        ...(fresh.length > shown.length ? [{ key: "reminder.more", params: { total: fresh.length - shown.length } }] : []),
        { key: footer, params: { n: numbers[0] ?? 1 } },
      ];
      if (!canOffer) return { lines };
      const labels: Message[] = shown.map((l, i) => (linesAreChoices ? { ...digestLine(l, numbers[i]!, ctx), key: "reminder.choice" } : { key: "reminder.button", params: { n: numbers[i]!, ...labelOf(ctx, l.subjectKey) } }));
      const offered = offerDigest(session, shown.map((l, i) => ({ item: l.source.ref, periodKey: l.periodKey, label: labels[i]!.key })), fresh.length > shown.length);
      return { lines, offer: { session: offered, labels } };
    },
  };
}

/** Vietnamese order of unit names: one collator (localeCompare with a locale builds one per call). */
const viCollator = new Intl.Collator("vi");

/** An escalation's lines of one unit, with the unit's focal points (each once, in order of appearance). */
interface EscalationUnit {
  unit: string;
  lines: EscalationLine<ReminderItem>[];
  focalPersonIds: number[];
}

/** The escalation's units, the unit owing most first (then by name, in Vietnamese order). */
function unitsOf(fresh: readonly EscalationLine<ReminderItem>[]): EscalationUnit[] {
  const perUnit = new Map<string, EscalationLine<ReminderItem>[]>();
  for (const l of fresh) {
    const list = perUnit.get(l.source.unitName);
    if (list) list.push(l);
    else perUnit.set(l.source.unitName, [l]);
  }
  return [...perUnit]
    .sort((a, b) => b[1].length - a[1].length || viCollator.compare(a[0], b[0]))
    .map(([unit, lines]) => ({ unit, lines, focalPersonIds: [...new Set(lines.flatMap((l) => l.focalPersonIds))] }));
}

/** One head's escalation digest of these (fresh) lines, grouped by unit. */
function escalationMessage(ctx: DigestContext, account: ReachableAccount, locale: Locale, fresh: EscalationLine<ReminderItem>[], hash: string, units: readonly EscalationUnit[] = unitsOf(fresh)): PersonMessage {
  const { nameOf } = ctx;
  // Every unit is named with its count; item lines follow while the budget lasts, the unit
  // owing most first, so a head sees the whole picture at once and the details that matter most.
  const lines: Message[] = [{ key: "escalation.title", params: { total: fresh.length } }];
  let budget = ESCALATION_MAX_LINES;
  const whoOf = (ids: readonly number[]): string | Message => (ids.length ? ids.map(nameOf).join(", ") : { key: "escalation.nobody" });
  for (const { unit, lines: unitLines, focalPersonIds } of units) {
    lines.push({ key: "escalation.unit", params: { unit, total: unitLines.length, who: whoOf(focalPersonIds) } });
    for (const l of unitLines.slice(0, Math.max(0, budget))) {
      const who = whoOf(l.focalPersonIds);
      const { code, name } = labelOf(ctx, l.subjectKey);
      lines.push({ key: "escalation.line", params: { code, name: shorten(name, 60), who, days: l.daysOverdue, due: ctx.dueLabel(l.dueAt) } });
    }
    budget -= unitLines.length;
  }
  if (fresh.length > ESCALATION_MAX_LINES) lines.push({ key: "escalation.more", params: { total: fresh.length - ESCALATION_MAX_LINES } });
  lines.push({ key: "escalation.footer" });
  const dedupKey = `escalation:${account.personId}:${ctx.localDate}:${hash}`;
  return { to: account, locale, kind: "escalation", dedupKey, lines };
}

function digestLine(l: ReminderLine<ReminderItem>, n: number | string, ctx: DigestContext): Message {
  const daysLeft = localDayNumber(l.dueAt) - ctx.today;
  const when: Message =
    l.kind === "overdue" ? { key: "reminder.when.overdue", params: { days: l.daysOverdue } } : daysLeft <= 0 ? { key: "reminder.when.today" } : { key: "reminder.when.days_left", params: { days: daysLeft } };
  const { code, name } = labelOf(ctx, l.subjectKey);
  return { key: "reminder.line", params: { n, code, name: shorten(name, 60), period: periodLabel(l.periodKey), due: ctx.dueLabel(l.dueAt), when } };
}

/** Overdue first (longest overdue first), then the nearest deadline; catalogue order otherwise (the sort is stable). */
function byUrgency(a: ReminderLine, b: ReminderLine): number {
  const overdue = Number(b.kind === "overdue") - Number(a.kind === "overdue");
  if (overdue !== 0) return overdue;
  if (a.kind === "overdue") return b.daysOverdue - a.daysOverdue;
  return a.dueAt.getTime() - b.dueAt.getTime();
}

/** A short fingerprint of a message's lines, for its delivery row's unique key and the outbox dedup key. */
function linesHash(lines: readonly ReminderLineTuple[]): string {
  // Each key is the tuple joined by "|" (as it always was: the same lines give the same hash across versions).
  const keys = lines.map(([subjectKey, unitId, periodKey, kind, offsetDays]) => `${subjectKey}|${unitId}|${periodKey}|${kind}|${offsetDays}`).sort();
  return createHash("sha256").update(keys.join("\n")).digest("hex").slice(0, 16);
}

/**
 * Every open (assignment, period) of the reporting roles, with its focal points, its heads, whether
 * it is reported or closed and the reminders already sent for it: eight queries, whatever the size.
 */
async function collectAssignmentPeriods(db: Db, now: Date): Promise<{ items: ReminderItem[]; validUntil: number }> {
  // Which unit owes what and from when (src/domain/reporting-duty.ts): nothing for a unit outside the
  // province or deactivated, nothing for a period due before its plan's "track from".
  const duty = await dutyCheck(db);
  const assignments = strongestPerUnit((await reportingAssignments(db)).filter((a) => duty.owes(a.unitId)));
  const staff = await peopleInRoles(db, ["focal_point", "unit_head"]);
  const focalIds = new Set(staff.filter((p) => p.role === "focal_point").map((p) => p.personId));
  const focalByUnit = groupIds(staff.filter((p) => p.role === "focal_point"));
  const tree = await unitTree(db);
  const headsOf = headResolver(tree, groupIds(staff.filter((p) => p.role === "unit_head")));
  const unitNames = new Map(tree.map((u) => [u.id, u.name]));
  // Closed, or past the cutoff of a plan with approval on: nothing can be reported any more.
  const lock = await lockCheckOfEveryItem(db, now);

  // Each item's own deadlines (src/domain/due-rules.ts): the reminders count from them.
  const due = await dueRulesCheck(db);
  const openAt = openPeriodsAt(now);
  const open = assignments.map((a) => openAt(a.frequency, a.itemDueAt, a.createdAt, due.of(a.subjectKey)));
  const periodKeys = [...new Set(open.flat().map((p) => p.key))];
  const reported = await reportedKeys(db, periodKeys);
  const sent = new Map<string, SentReminder[]>();
  for (const d of await deliveriesForPeriods(db, periodKeys)) {
    const key = `${d.subjectKey}|${d.unitId}|${d.periodKey}`;
    const row: SentReminder = { personId: d.personId, kind: d.kind, offsetDays: d.offsetDays, localDate: d.localDate };
    const list = sent.get(key);
    if (list) list.push(row);
    else sent.set(key, [row]);
  }

  // The first moment the answer below may change with time alone: a deadline or a cutoff lock passing.
  const nowMs = now.getTime();
  let validUntil = Number.POSITIVE_INFINITY;
  const out: ReminderItem[] = [];
  for (const [i, a] of assignments.entries()) {
    // A focal person pinned to the assignment answers for it alone (as in the chat's item lists).
    const personIds = a.focalPersonId !== null ? (focalIds.has(a.focalPersonId) ? [a.focalPersonId] : []) : (focalByUnit.get(a.unitId) ?? []);
    const headPersonIds = headsOf(a.unitId);
    const ref: ItemRef = { subjectType: a.indicatorId !== null ? "indicator" : "task", subjectId: (a.indicatorId ?? a.taskId)!, unitId: a.unitId };
    for (const p of open[i]!) {
      const dueMs = p.dueAt.getTime();
      if (dueMs > nowMs && dueMs < validUntil) validUntil = dueMs;
      if (!duty.tracked(a.subjectKey, p.dueAt)) continue;
      const locksAt = lock.locksAt(a.subjectKey, p.key, p.dueAt)?.getTime();
      if (locksAt !== undefined && locksAt > nowMs && locksAt < validUntil) validUntil = locksAt;
      const key = `${a.subjectKey}|${a.unitId}|${p.key}`;
      const history = sent.get(key);
      out.push({
        personIds,
        headPersonIds,
        subjectKey: a.subjectKey,
        unitId: a.unitId,
        periodKey: p.key,
        dueAt: p.dueAt,
        reported: reported.has(key),
        closed: lock.locked(a.subjectKey, p.key, p.dueAt),
        ...(history ? { sent: history } : {}),
        ref,
        unitName: unitNames.get(a.unitId) ?? String(a.unitId),
      });
    }
  }
  return { items: out, validUntil };
}

/** A unit named as lead and also within a coordinating group reports the item once, as lead. */
function strongestPerUnit(rows: ReportingAssignmentRow[]): ReportingAssignmentRow[] {
  const strength = { lead: 0, coordinating: 1, implementing: 2, monitoring: 3 } as const;
  const best = new Map<string, ReportingAssignmentRow>();
  for (const r of rows) {
    const key = `${r.subjectKey}|${r.unitId}`;
    const seen = best.get(key);
    if (!seen || strength[r.role] < strength[seen.role]) best.set(key, r);
  }
  return rows.filter((r) => best.get(`${r.subjectKey}|${r.unitId}`) === r);
}

function groupIds(people: { personId: number; unitId: number | null }[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const p of people) {
    if (p.unitId === null) continue;
    const list = out.get(p.unitId);
    if (list) list.push(p.personId);
    else out.set(p.unitId, [p.personId]);
  }
  return out;
}

/** The heads of a unit, or of its nearest ancestor that has one (an office answers to its department's head). */
function headResolver(tree: { id: number; parentId: number | null }[], headsByUnit: Map<number, number[]>): (unitId: number) => number[] {
  const parent = new Map(tree.map((u) => [u.id, u.parentId]));
  const memo = new Map<number, number[]>();
  return (unitId) => {
    const cached = memo.get(unitId);
    if (cached) return cached;
    let heads: number[] = [];
    const seen = new Set<number>();
    for (let u: number | null | undefined = unitId; u != null && !seen.has(u); u = parent.get(u)) {
      seen.add(u);
      const found = headsByUnit.get(u);
      if (found?.length) {
        heads = found;
        break;
      }
    }
    memo.set(unitId, heads);
    return heads;
  };
}

/** Parsed once per config: ticks every few minutes reuse the holiday set (and the planner its calendar). */
const calendars = new WeakMap<object, { holidays: ReadonlySet<string>; quiet: QuietHours }>();

function calendarOf(config: ReminderConfig): { holidays: ReadonlySet<string>; quiet: QuietHours } {
  let c = calendars.get(config);
  if (!c) {
    c = { holidays: parseHolidays(config.HOLIDAYS), quiet: parseQuietHours(config.QUIET_HOURS) };
    calendars.set(config, c);
  }
  return c;
}

