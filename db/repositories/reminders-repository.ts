import { and, desc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { countsAsSubmitted } from "../../src/domain/figure-counts.ts";
import type { Role } from "../../src/domain/roles.ts";
import { assignments, chatAccounts, indicators, people, personRoles, reminderDeliveries, reminderSnoozes, reports, tasks, units } from "../schema.ts";
import { inPrivateChat } from "./private-chat.ts";

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
export function reportingAssignments(db: Db): ReportingAssignmentRow[] {
  return db
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
      itemDueAt: sql<number | null>`coalesce(${indicators.dueAt}, ${tasks.dueAt})`.mapWith((v: number | null) => (v === null ? null : new Date(v))),
    })
    .from(assignments)
    .leftJoin(indicators, eq(indicators.id, assignments.indicatorId))
    .leftJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(and(isNull(assignments.removedAt), inArray(assignments.role, ["lead", "coordinating", "implementing"])))
    .orderBy(sql`coalesce(${indicators.planId}, ${tasks.planId})`, sql`coalesce(${indicators.position}, ${tasks.position})`, assignments.taskId, assignments.unitId)
    .all();
}

/** Code and name of these items, by subject key ("i:12", "t:5"). */
export function itemLabels(db: Db, subjectKeys: string[]): Map<string, { code: string; name: string }> {
  const ids = (prefix: string) => [...new Set(subjectKeys.filter((k) => k.startsWith(prefix)).map((k) => Number(k.slice(2))))];
  const out = new Map<string, { code: string; name: string }>();
  const indicatorIds = ids("i:");
  if (indicatorIds.length) for (const r of db.select({ id: indicators.id, code: indicators.code, name: indicators.name }).from(indicators).where(inArray(indicators.id, indicatorIds)).all()) out.set(`i:${r.id}`, { code: r.code, name: r.name });
  const taskIds = ids("t:");
  if (taskIds.length) for (const r of db.select({ id: tasks.id, code: tasks.code, name: tasks.name }).from(tasks).where(inArray(tasks.id, taskIds)).all()) out.set(`t:${r.id}`, { code: r.code, name: r.name });
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
export function peopleInRoles(db: Db, roles: Role[]): PersonInRole[] {
  return db
    .select({ personId: people.id, name: people.name, unitId: people.unitId, locale: people.locale, role: personRoles.role })
    .from(personRoles)
    .innerJoin(people, eq(people.id, personRoles.personId))
    .where(inArray(personRoles.role, roles))
    .all();
}

/** Every unit's parent and name: the tree the escalation climbs to find a head. */
export function unitTree(db: Db): { id: number; parentId: number | null; name: string }[] {
  return db.select({ id: units.id, parentId: units.parentId, name: units.name }).from(units).all();
}

/** "subjectKey|unitId|periodKey" of every report in these periods that its focal point is done with (not returned by the head). */
export function reportedKeys(db: Db, periodKeys: string[]): Set<string> {
  if (periodKeys.length === 0) return new Set();
  const rows = db.select({ s: reports.subjectKey, u: reports.unitId, p: reports.periodKey, figureStatus: reports.figureStatus }).from(reports).where(inArray(reports.periodKey, periodKeys)).all();
  // A figure its head returned is the focal point's business again (src/domain/figure-counts.ts).
  return new Set(rows.filter((r) => countsAsSubmitted(r)).map((r) => `${r.s}|${r.u}|${r.p}`));
}

export type ReminderDeliveryRow = typeof reminderDeliveries.$inferSelect;

/** The reminders already queued for these periods. */
export function deliveriesForPeriods(db: Db, periodKeys: string[]): ReminderDeliveryRow[] {
  if (periodKeys.length === 0) return [];
  return db.select().from(reminderDeliveries).where(inArray(reminderDeliveries.periodKey, periodKeys)).all();
}

/**
 * Records one reminder line as queued; undefined when that line was already recorded (same person,
 * item, unit, period, kind and local day): the guard that makes a tick safe to run twice.
 */
export function recordDelivery(db: Db, v: Omit<typeof reminderDeliveries.$inferInsert, "id" | "outboxId">): number | undefined {
  return db.insert(reminderDeliveries).values(v).onConflictDoNothing().returning({ id: reminderDeliveries.id }).get()?.id;
}

export function setDeliveriesOutbox(db: Db, ids: number[], outboxId: number): void {
  if (ids.length === 0) return;
  db.update(reminderDeliveries).set({ outboxId }).where(inArray(reminderDeliveries.id, ids)).run();
}

export type ReminderSnoozeRow = typeof reminderSnoozes.$inferSelect;

export function activeSnoozes(db: Db, now: Date): ReminderSnoozeRow[] {
  return db.select().from(reminderSnoozes).where(gt(reminderSnoozes.until, now)).all();
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
export function reachableAccounts(db: Db): Map<number, ReachableAccount> {
  const rows = db
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
export function peopleById(db: Db, ids: number[]): Map<number, { name: string; locale: "vi" | "en" }> {
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: people.id, name: people.name, locale: people.locale }).from(people).where(inArray(people.id, ids)).all();
  return new Map(rows.map((r) => [r.id, { name: r.name, locale: r.locale }]));
}
