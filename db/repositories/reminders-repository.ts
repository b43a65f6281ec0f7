import { changedRows } from "../app-db.ts";
import { and, desc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { countsAsSubmitted, type FigureStatus } from "../../src/domain/figure-counts.ts";
import type { Role } from "../../src/domain/roles.ts";
import { assignments, chatAccounts, indicators, people, personRoles, reminderDeliveries, reminderSnoozes, reports, tasks, units, type ReminderLineTuple } from "../schema.ts";
import { inPrivateChat } from "./private-chat.ts";
import { insertRows, type MultiRowInsert } from "./multi-row-insert.ts";
import { parseSubjectKey, subjectKey, type SubjectType } from "../../src/domain/subject-key.ts";

/**
 * The reads and writes of the reminder tick. Each read is one query over everything the tick needs,
 * whatever the number of items, so a tick costs a handful of round trips.
 */

export interface ReportingAssignmentRow {
  assignmentId: number;
  subjectKey: string;
  indicatorId: number | null;
  taskId: number | null;
  unitId: number;
  role: (typeof assignments.$inferSelect)["role"];
  frequency: (typeof assignments.$inferSelect)["frequency"];
  focalPersonId: number | null;
  createdAt: Date;
  /** The item's own deadline (one-off and yearly periods use it). */
  itemDueAt: Date | null;
}

/**
 * Active assignments of the reporting roles (lead, coordinating, implementing), in catalogue order.
 * Names are left out: a tick reads every assignment but shows only the few that are due (itemLabels).
 */
export async function reportingAssignments(db: Db): Promise<ReportingAssignmentRow[]> {
  // Rows as arrays (values()), mapped here: a tick reads every assignment, and Drizzle's per-field
  // mapping of 30,000 rows cost three times the query.
  const rows = await db
    .select({
      assignmentId: assignments.id,
      subjectKey: assignments.subjectKey,
      indicatorId: assignments.indicatorId,
      taskId: assignments.taskId,
      unitId: assignments.unitId,
      role: assignments.role,
      frequency: assignments.frequency,
      focalPersonId: assignments.focalPersonId,
      createdAt: assignments.createdAt,
      itemDueAt: sql<number | null>`coalesce(${indicators.dueAt}, ${tasks.dueAt})`,
    })
    .from(assignments)
    .leftJoin(indicators, eq(indicators.id, assignments.indicatorId))
    .leftJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(and(isNull(assignments.removedAt), inArray(assignments.role, ["lead", "coordinating", "implementing"])))
    .orderBy(sql`coalesce(${indicators.planId}, ${tasks.planId})`, sql`coalesce(${indicators.position}, ${tasks.position})`, sql`${assignments.taskId} nulls first`, assignments.unitId)
    .values() as unknown as [number, string, number | null, number | null, number, ReportingAssignmentRow["role"], ReportingAssignmentRow["frequency"], number | null, number, number | null][];
  return rows.map(([assignmentId, subjectKey, indicatorId, taskId, unitId, role, frequency, focalPersonId, createdAt, itemDueAt]) => ({
    assignmentId,
    subjectKey,
    indicatorId,
    taskId,
    unitId,
    role,
    frequency,
    focalPersonId,
    createdAt: new Date(createdAt),
    itemDueAt: itemDueAt === null ? null : new Date(itemDueAt),
  }));
}

/** Code and name of these items, by subject key ("i:12", "t:5"). */
export async function itemLabels(db: Db, subjectKeys: string[]): Promise<Map<string, { code: string; name: string }>> {
  const subjects = subjectKeys.map(parseSubjectKey).filter((s) => s !== undefined);
  const ids = (type: SubjectType) => [...new Set(subjects.filter((s) => s.type === type).map((s) => s.id))];
  const out = new Map<string, { code: string; name: string }>();
  const indicatorIds = ids("indicator");
  if (indicatorIds.length) for (const r of await db.select({ id: indicators.id, code: indicators.code, name: indicators.name }).from(indicators).where(inArray(indicators.id, indicatorIds)).all()) out.set(subjectKey("indicator", r.id), { code: r.code, name: r.name });
  const taskIds = ids("task");
  if (taskIds.length) for (const r of await db.select({ id: tasks.id, code: tasks.code, name: tasks.name }).from(tasks).where(inArray(tasks.id, taskIds)).all()) out.set(subjectKey("task", r.id), { code: r.code, name: r.name });
  return out;
}

export interface PersonInRole {
  personId: number;
  name: string;
  unitId: number | null;
  locale: "vi" | "en";
  role: Role;
}

/** People holding any of these roles, with their unit and language. */
export async function peopleInRoles(db: Db, roles: Role[]): Promise<PersonInRole[]> {
  return await db
    .select({ personId: people.id, name: people.name, unitId: people.unitId, locale: people.locale, role: personRoles.role })
    .from(personRoles)
    .innerJoin(people, eq(people.id, personRoles.personId))
    .where(inArray(personRoles.role, roles))
    .all();
}

/** Every unit's parent and name: the tree the escalation climbs to find a head. */
export async function unitTree(db: Db): Promise<{ id: number; parentId: number | null; name: string }[]> {
  return await db.select({ id: units.id, parentId: units.parentId, name: units.name }).from(units).all();
}

/** "subjectKey|unitId|periodKey" of every report in these periods that its focal point is done with (not returned by the head). */
export async function reportedKeys(db: Db, periodKeys: string[]): Promise<Set<string>> {
  if (periodKeys.length === 0) return new Set();
  // One string per row, made by the database and read as bare values: the tick reads tens of
  // thousands of them, and object rows cost several times the query (the index covers the columns).
  // A figure its head returned is the focal point's business again (src/domain/figure-counts.ts).
  const key = sql<string>`${reports.subjectKey} || '|' || ${reports.unitId} || '|' || ${reports.periodKey}`;
  const rows = await db.select({ key, figureStatus: reports.figureStatus }).from(reports).where(inArray(reports.periodKey, periodKeys)).values() as unknown as [string, FigureStatus][];
  return new Set(rows.filter(([, figureStatus]) => countsAsSubmitted({ figureStatus })).map((r) => r[0]));
}

export type ReminderDeliveryRow = typeof reminderDeliveries.$inferSelect;
export type { ReminderLineTuple };

/** One line of a queued reminder message, as the planner reads the history. */
export interface QueuedReminder {
  personId: number;
  subjectKey: string;
  unitId: number;
  periodKey: string;
  kind: ReminderLineTuple[3];
  offsetDays: number;
  localDate: string;
}

/**
 * The lines of the reminders already queued for these periods (what the planner needs of them). A
 * message is one row with its lines in one JSON column, and housekeeping keeps only the messages with
 * a line of an open period, so this reads every row (a few per person and working day) and keeps the
 * lines of these periods.
 */
export async function deliveriesForPeriods(db: Db, periodKeys: string[]): Promise<QueuedReminder[]> {
  if (periodKeys.length === 0) return [];
  const wanted = new Set(periodKeys);
  const d = reminderDeliveries;
  const out: QueuedReminder[] = [];
  for (const m of await db.select({ personId: d.personId, localDate: d.localDate, lines: d.lines }).from(d).all()) {
    for (const [subjectKey, unitId, periodKey, kind, offsetDays] of m.lines) {
      if (wanted.has(periodKey)) out.push({ personId: m.personId, subjectKey, unitId, periodKey, kind, offsetDays, localDate: m.localDate });
    }
  }
  return out;
}

export type NewDelivery = Required<Omit<typeof reminderDeliveries.$inferInsert, "id">>;

/**
 * Records reminder messages as queued, each with its lines and the outbox row that carries it;
 * answers how many were new. A message recorded before (same person, kind, local day and lines'
 * fingerprint — the unique index) is left as it was (`linesJson`: the lines' JSON, when the caller has it made): the caller compares the count with the messages
 * it gave, the guard that makes a tick safe to run twice.
 */
export async function recordDeliveries(db: Db, messages: readonly (NewDelivery & { linesJson?: string })[]): Promise<number> {
  const results = await insertRows(db, DELIVERIES_INSERT, messages, (m, into) => into.push(m.personId, m.kind, m.localDate, m.linesHash, m.linesJson ?? JSON.stringify(m.lines), m.outboxId, m.createdAt.getTime()), "run");
  return results.reduce((n, r) => n + changedRows(r), 0);
}

/** recordDeliveries' statement (insertRows: the lines as JSON text, a text column on both engines). */
const DELIVERIES_INSERT: MultiRowInsert = {
  head: "insert into reminder_deliveries (person_id, kind, local_date, lines_hash, lines, outbox_id, created_at) values ",
  row: "(?, ?, ?, ?, ?, ?, ?)",
  tail: " on conflict do nothing",
};

/**
 * The lines these people were sent on this local day ("personId|subjectKey|unitId|periodKey|kind",
 * deliveryKey), for a tick whose kept plan missed another writer's reminders.
 */
export async function recordedDeliveryKeys(db: Db, localDate: string, personIds: readonly number[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (personIds.length === 0) return out;
  const d = reminderDeliveries;
  const rows = await db
    .select({ personId: d.personId, lines: d.lines })
    .from(d)
    .where(and(inArray(d.personId, [...new Set(personIds)]), eq(d.localDate, localDate)))
    .all();
  for (const r of rows) for (const [subjectKey, unitId, periodKey, kind] of r.lines) out.add(deliveryKey({ personId: r.personId, subjectKey, unitId, periodKey, kind }));
  return out;
}

/** A line of a person's message as recordedDeliveryKeys answers it. */
export function deliveryKey(l: Pick<QueuedReminder, "personId" | "subjectKey" | "unitId" | "periodKey" | "kind">): string {
  return `${l.personId}|${l.subjectKey}|${l.unitId}|${l.periodKey}|${l.kind}`;
}

/**
 * Forgets the reminders queued for periods no assignment can have open any more (openPeriodKeys): a
 * message keeps its lines of the kept periods, and goes when none is left; the planner reads only the
 * open periods' history, and the once-a-day guard only today's rows. Returns how many messages went.
 */
export async function pruneReminderDeliveries(db: Db, keepPeriodKeys: string[]): Promise<number> {
  const keep = new Set(keepPeriodKeys);
  return await deleteDeliveries(db, (line) => keep.has(line[2]));
}

/**
 * Takes these items' lines out of the recorded messages (a plan's deletion): a message left with no
 * line goes; the others keep their other items' history.
 */
export async function forgetDeliveriesOfSubjects(db: Db, subjectKeys: readonly string[]): Promise<void> {
  const gone = new Set(subjectKeys);
  await deleteDeliveries(db, (line) => !gone.has(line[0]));
}

/**
 * Keeps of every message the lines `kept` keeps: rewrites the messages that lost some (one statement
 * per 500), deletes those that lost all; answers how many went.
 */
async function deleteDeliveries(db: Db, kept: (line: ReminderLineTuple) => boolean): Promise<number> {
  const d = reminderDeliveries;
  const emptied: number[] = [];
  const rewritten: { id: number; lines: ReminderLineTuple[] }[] = [];
  for (const m of await db.select({ id: d.id, lines: d.lines }).from(d).all()) {
    const left = m.lines.filter(kept);
    if (left.length === 0) emptied.push(m.id);
    else if (left.length !== m.lines.length) rewritten.push({ id: m.id, lines: left });
  }
  for (let i = 0; i < rewritten.length; i += 500) {
    const batch = rewritten.slice(i, i + 500);
    const params: unknown[] = [];
    for (const m of batch) params.push(m.id, JSON.stringify(m.lines));
    for (const m of batch) params.push(m.id);
    await db.$executor.execute(`update reminder_deliveries set lines = case id ${batch.map(() => `when ? then ?`).join(" ")} end where id in (${batch.map(() => "?").join(", ")})`, params, "run");
  }
  for (let i = 0; i < emptied.length; i += 500) await db.delete(d).where(inArray(d.id, emptied.slice(i, i + 500))).run();
  return emptied.length;
}

export type ReminderSnoozeRow = typeof reminderSnoozes.$inferSelect;

export async function activeSnoozes(db: Db, now: Date): Promise<ReminderSnoozeRow[]> {
  return await db.select().from(reminderSnoozes).where(gt(reminderSnoozes.until, now)).all();
}

export interface ReachableAccount {
  personId: number;
  channel: string;
  accountId: string;
  chatId: string;
}

/**
 * Per person, the chat that reaches them: a linked, unblocked account in their private chat (never a group), the most
 * recently linked one when they have several.
 */
export async function reachableAccounts(db: Db): Promise<Map<number, ReachableAccount>> {
  const rows = await db
    .select({ personId: chatAccounts.personId, channel: chatAccounts.channel, accountId: chatAccounts.accountId, chatId: chatAccounts.chatId })
    .from(chatAccounts)
    .where(and(isNotNull(chatAccounts.personId), isNotNull(chatAccounts.linkedAt), isNull(chatAccounts.blockedAt), isNotNull(chatAccounts.chatId), inPrivateChat))
    .orderBy(desc(chatAccounts.linkedAt), desc(chatAccounts.id))
    .all();
  const out = new Map<number, ReachableAccount>();
  for (const r of rows) if (!out.has(r.personId!)) out.set(r.personId!, { personId: r.personId!, channel: r.channel, accountId: r.accountId, chatId: r.chatId! });
  return out;
}

/** Names and languages of these people. */
export async function peopleById(db: Db, ids: number[]): Promise<Map<number, { name: string; locale: "vi" | "en" }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: people.id, name: people.name, locale: people.locale }).from(people).where(inArray(people.id, ids)).all();
  return new Map(rows.map((r) => [r.id, { name: r.name, locale: r.locale }]));
}

/** "Nhắc lại sau": no reminders for the person (all of them, or one item of one unit) until a time. */
export async function insertSnooze(db: Db, v: { personId: number; subjectKey: string | null; unitId: number | null; until: Date; now: Date }): Promise<void> {
  await db.insert(reminderSnoozes).values({ personId: v.personId, subjectKey: v.subjectKey, unitId: v.unitId, until: v.until, createdAt: v.now }).run();
}

/** Ends the person's snoozes that still run: reminders again from now. */
export async function deleteActiveSnoozes(db: Db, personId: number, now: Date): Promise<void> {
  await db.delete(reminderSnoozes).where(and(eq(reminderSnoozes.personId, personId), gt(reminderSnoozes.until, now))).run();
}

// Portable SQL (both engines), every subquery answered by an index or a tiny table.
const tickStampSql = `select
  (select max(id) from report_revisions), (select max(decided_at) from reports), (select max(id) from reports),
  (select count(*) from periods), (select sum(closed_at) from periods), (select sum(reopened_at) from periods),
  (select max(updated_at) from province_settings),
  (select due_day from province_settings), (select due_hour from province_settings), (select yearly_due_day from province_settings), (select yearly_due_month from province_settings),
  (select max(id) from reminder_deliveries)`;

/**
 * What the reminder tick reads beyond the catalogue (catalogueVersion covers that), in one round trip,
 * each part an index's end or a tiny table:
 *   - `inputs`, one string that changes when any of it may have changed: a report written or corrected
 *     (a new revision's id: every change of a report's value or updated_at adds one in the same
 *     transaction, src/services/reporting.ts) or decided (decided_at, a figure returned), a period
 *     closed or reopened, the province's "track from" and due rule (a plan's or an item's due rule is
 *     in the catalogue's stamp);
 *   - `lastDeliveryId`, the newest reminder queued (0: none): deliveries only grow while their periods
 *     are open (housekeeping deletes those of closed-out periods only), and the tick knows the ones it
 *     queued itself (deliveriesAfter), so its own are a delta rather than a change.
 */
export async function reminderTickStamp(db: Db): Promise<{ inputs: string; lastDeliveryId: number }> {
  const row = ((await db.$executor.execute(tickStampSql, [], "get")).rows as unknown[] | undefined) ?? [];
  return { inputs: row.slice(0, -1).map((v) => String(v ?? "")).join("|"), lastDeliveryId: Number(row.at(-1) ?? 0) };
}

/** How many reminders were queued after this id, and the newest one's id (the primary key's range: the rows of one tick). */
export async function deliveriesAfter(db: Db, id: number): Promise<{ count: number; lastId: number }> {
  const row = (await db.$executor.execute("select count(*), max(id) from reminder_deliveries where id > ?", [id], "get")).rows as [number, number | null] | undefined;
  return { count: Number(row?.[0] ?? 0), lastId: Number(row?.[1] ?? id) };
}
