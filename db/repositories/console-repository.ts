import { changedRows } from "../app-db.ts";
import { and, count, desc, eq, gt, gte, inArray, isNull } from "drizzle-orm";
import type { Db } from "../client.ts";
import { broadcasts, chatAccounts, consoleLoginLinks, consoleSessions, people, personRoles, type Role } from "../schema.ts";

/**
 * The console's logins and sessions. Tokens and session ids are stored only as SHA-256 hashes
 * (src/console/console-auth.ts makes them); a database copy lets nobody log in.
 */

export type ConsoleSessionRow = typeof consoleSessions.$inferSelect;

export async function insertLoginLink(db: Db, values: { tokenHash: string; personId: number; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db.insert(consoleLoginLinks).values(values).run();
}

/** How many links the person was sent since `since`: /web is limited per person. */
export async function loginLinksSince(db: Db, personId: number, since: Date): Promise<number> {
  return (await db.select({ n: count() }).from(consoleLoginLinks).where(and(eq(consoleLoginLinks.personId, personId), gte(consoleLoginLinks.createdAt, since))).get())?.n ?? 0;
}

export type SpentLink = { type: "ok"; personId: number } | { type: "used" | "expired" | "unknown" };

/** Marks the link used, once: of two requests with the same token only one gets "ok". */
export async function spendLoginLink(db: Db, tokenHash: string, now: Date): Promise<SpentLink> {
  const spent = await db
    .update(consoleLoginLinks)
    .set({ usedAt: now })
    .where(and(eq(consoleLoginLinks.tokenHash, tokenHash), isNull(consoleLoginLinks.usedAt), gt(consoleLoginLinks.expiresAt, now)))
    .returning({ personId: consoleLoginLinks.personId })
    .get();
  if (spent) return { type: "ok", personId: spent.personId };
  const row = await db.select().from(consoleLoginLinks).where(eq(consoleLoginLinks.tokenHash, tokenHash)).get();
  if (!row) return { type: "unknown" };
  return { type: row.usedAt ? "used" : "expired" };
}

/** Whether the link exists, is unused and unexpired (the GET page shows its button only then). */
export async function loginLinkUsable(db: Db, tokenHash: string, now: Date): Promise<SpentLink["type"]> {
  const row = await db.select().from(consoleLoginLinks).where(eq(consoleLoginLinks.tokenHash, tokenHash)).get();
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  return row.expiresAt <= now ? "expired" : "ok";
}

export async function insertConsoleSession(db: Db, values: { idHash: string; personId: number; csrfToken: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db.insert(consoleSessions).values({ ...values, lastSeenAt: values.createdAt }).run();
}

export interface LiveSession {
  session: ConsoleSessionRow;
  person: { id: number; name: string; unitId: number | null; locale: "vi" | "en"; deactivatedAt: Date | null; roles: Role[] };
}

/** The session behind a cookie, with its person; undefined when unknown, ended or expired. */
export async function findLiveSession(db: Db, idHash: string, now: Date): Promise<LiveSession | undefined> {
  const row = await db
    .select({ session: consoleSessions, person: { id: people.id, name: people.name, unitId: people.unitId, locale: people.locale, deactivatedAt: people.deactivatedAt } })
    .from(consoleSessions)
    .innerJoin(people, eq(people.id, consoleSessions.personId))
    .where(and(eq(consoleSessions.idHash, idHash), isNull(consoleSessions.endedAt), gt(consoleSessions.expiresAt, now)))
    .get();
  if (!row) return undefined;
  const roles = (await db.select({ role: personRoles.role }).from(personRoles).where(eq(personRoles.personId, row.person.id)).all()).map((r) => r.role);
  return { session: row.session, person: { ...row.person, roles } };
}

export async function touchConsoleSession(db: Db, id: number, now: Date): Promise<void> {
  await db.update(consoleSessions).set({ lastSeenAt: now }).where(eq(consoleSessions.id, id)).run();
}

export async function endConsoleSession(db: Db, id: number, now: Date): Promise<void> {
  await db.update(consoleSessions).set({ endedAt: now }).where(and(eq(consoleSessions.id, id), isNull(consoleSessions.endedAt))).run();
}

/** Ends every open session of the person (deactivation); returns how many. */
export async function endConsoleSessionsOf(db: Db, personId: number, now: Date): Promise<number> {
  return changedRows(await db.update(consoleSessions).set({ endedAt: now }).where(and(eq(consoleSessions.personId, personId), isNull(consoleSessions.endedAt))).run());
}

export interface UnitPerson {
  id: number;
  name: string;
  unitId: number | null;
  roles: Role[];
  linked: boolean;
  deactivated: boolean;
}

/** The people of these units, with their roles and whether any chat account is linked to them. */
export async function peopleOfUnits(db: Db, unitIds: number[]): Promise<UnitPerson[]> {
  if (unitIds.length === 0) return [];
  const rows = await db.select({ id: people.id, name: people.name, unitId: people.unitId, deactivatedAt: people.deactivatedAt }).from(people).where(inArray(people.unitId, unitIds)).orderBy(people.name).all();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const roles = await db.select().from(personRoles).where(inArray(personRoles.personId, ids)).all();
  const linked = new Set((await db.select({ personId: chatAccounts.personId }).from(chatAccounts).where(inArray(chatAccounts.personId, ids)).all()).map((r) => r.personId));
  return rows.map((r) => ({ id: r.id, name: r.name, unitId: r.unitId, roles: roles.filter((x) => x.personId === r.id).map((x) => x.role), linked: linked.has(r.id), deactivated: r.deactivatedAt !== null }));
}

/** The newest broadcasts' ids, for the console's history. */
export async function recentBroadcastIds(db: Db, limit: number): Promise<number[]> {
  return (await db.select({ id: broadcasts.id }).from(broadcasts).orderBy(desc(broadcasts.id)).limit(limit).all()).map((r) => r.id);
}
