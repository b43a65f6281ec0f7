import { changedRows } from "../app-db.ts";
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Db } from "../client.ts";
import { inviteCodes, people, personRoles, units, type Role } from "../schema.ts";

export type PersonRow = typeof people.$inferSelect;
export type InviteCodeRow = typeof inviteCodes.$inferSelect;
export type PersonWithRoles = PersonRow & { roles: Role[]; unitName: string | null };

export async function findPersonByPhone(db: Db, phone: string): Promise<PersonRow | undefined> {
  return await db.select().from(people).where(eq(people.phone, phone)).get();
}

export async function findPersonById(db: Db, id: number): Promise<PersonRow | undefined> {
  return await db.select().from(people).where(eq(people.id, id)).get();
}

export async function findPeopleByNameInUnit(db: Db, name: string, unitId: number): Promise<PersonRow[]> {
  return await db.select().from(people).where(and(eq(people.name, name), eq(people.unitId, unitId))).all();
}

export async function insertPerson(db: Db, values: { name: string; phone: string | null; unitId: number; locale: "vi" | "en" }): Promise<PersonRow> {
  return await db.insert(people).values(values).returning().get();
}

export async function updatePerson(db: Db, id: number, values: Partial<Pick<PersonRow, "name" | "phone" | "unitId" | "locale">>, now: Date): Promise<PersonRow> {
  return await db.update(people).set({ ...values, updatedAt: now }).where(eq(people.id, id)).returning().get();
}

/** Sets or clears people.deactivated_at; returns the row after. */
export async function setPersonDeactivated(db: Db, id: number, at: Date | null, now: Date): Promise<PersonRow> {
  return await db.update(people).set({ deactivatedAt: at, updatedAt: now }).where(eq(people.id, id)).returning().get();
}

export async function rolesOf(db: Db, personId: number): Promise<Role[]> {
  return (await db.select({ role: personRoles.role }).from(personRoles).where(eq(personRoles.personId, personId)).all()).map((r) => r.role);
}

export async function setRoles(db: Db, personId: number, roles: Role[]): Promise<boolean> {
  const current = (await rolesOf(db, personId)).sort();
  const next = [...new Set(roles)].sort();
  if (JSON.stringify(current) === JSON.stringify(next)) return false;
  await db.delete(personRoles).where(eq(personRoles.personId, personId)).run();
  for (const role of next) await db.insert(personRoles).values({ personId, role }).run();
  return true;
}

export async function listPeople(db: Db): Promise<PersonWithRoles[]> {
  const rows = await db
    .select({ person: people, unitName: units.name })
    .from(people)
    .leftJoin(units, eq(units.id, people.unitId))
    .orderBy(people.id)
    .all();
  const out: PersonWithRoles[] = [];
  for (const r of rows) out.push({ ...r.person, unitName: r.unitName, roles: await rolesOf(db, r.person.id) });
  return out;
}

export async function activeInviteCode(db: Db, personId: number, now: Date): Promise<InviteCodeRow | undefined> {
  return await db
    .select()
    .from(inviteCodes)
    .where(and(eq(inviteCodes.personId, personId), isNull(inviteCodes.usedAt), gt(inviteCodes.expiresAt, now)))
    .get();
}

export async function insertInviteCode(db: Db, values: { code: string; personId: number; expiresAt: Date }): Promise<InviteCodeRow> {
  return await db.insert(inviteCodes).values(values).returning().get();
}

export async function findInviteCode(db: Db, code: string): Promise<InviteCodeRow | undefined> {
  return await db.select().from(inviteCodes).where(eq(inviteCodes.code, code)).get();
}

/** Deletes a person: roles and invite codes go with them, chat accounts are unlinked, reports keep their figures (reporter unset). */
export async function deletePerson(db: Db, id: number): Promise<void> {
  await db.delete(people).where(eq(people.id, id)).run();
}

/** Ends the person's unused, unexpired invite codes now (a revoke, or before a reissue); returns how many. */
export async function expireInviteCodes(db: Db, personId: number, now: Date): Promise<number> {
  return changedRows(await db
    .update(inviteCodes)
    .set({ expiresAt: now })
    .where(and(eq(inviteCodes.personId, personId), isNull(inviteCodes.usedAt), gt(inviteCodes.expiresAt, now)))
    .run());
}

export async function allPeople(db: Db): Promise<PersonRow[]> {
  return await db.select().from(people).all();
}

export async function allPersonIds(db: Db): Promise<number[]> {
  return (await db.select({ id: people.id }).from(people).all()).map((p) => p.id);
}

export async function personIdsWithRole(db: Db, role: Role): Promise<number[]> {
  return (await db.select({ id: personRoles.personId }).from(personRoles).where(eq(personRoles.role, role)).all()).map((p) => p.id);
}

export async function personIdsOfUnit(db: Db, unitId: number): Promise<number[]> {
  return (await db.select({ id: people.id }).from(people).where(eq(people.unitId, unitId)).all()).map((p) => p.id);
}

/** These people, by id. */
export async function peopleWithIds(db: Db, ids: number[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return await db.select().from(people).where(inArray(people.id, ids)).orderBy(people.id).all();
}

/** The focal points of these units: who reports for them. */
export async function focalPointsOfUnits(db: Db, unitIds: number[]): Promise<{ id: number; unitId: number | null; name: string }[]> {
  if (unitIds.length === 0) return [];
  return await db
    .select({ id: people.id, unitId: people.unitId, name: people.name })
    .from(people)
    .innerJoin(personRoles, and(eq(personRoles.personId, people.id), eq(personRoles.role, "focal_point")))
    .where(inArray(people.unitId, unitIds))
    .all();
}

export async function setPersonLocale(db: Db, id: number, locale: "vi" | "en"): Promise<void> {
  await db.update(people).set({ locale }).where(eq(people.id, id)).run();
}

/** Spends an invite code: the account that used it, and when. */
export async function markInviteCodeUsed(db: Db, code: string, usedByAccountId: number, now: Date): Promise<void> {
  await db.update(inviteCodes).set({ usedAt: now, usedByAccountId }).where(eq(inviteCodes.code, code)).run();
}
