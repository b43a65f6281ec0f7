import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Db } from "../client.ts";
import { inviteCodes, people, personRoles, units, type Role } from "../schema.ts";

export type PersonRow = typeof people.$inferSelect;
export type InviteCodeRow = typeof inviteCodes.$inferSelect;
export type PersonWithRoles = PersonRow & { roles: Role[]; unitName: string | null };

export function findPersonByPhone(db: Db, phone: string): PersonRow | undefined {
  return db.select().from(people).where(eq(people.phone, phone)).get();
}

export function findPersonById(db: Db, id: number): PersonRow | undefined {
  return db.select().from(people).where(eq(people.id, id)).get();
}

export function findPeopleByNameInUnit(db: Db, name: string, unitId: number): PersonRow[] {
  return db.select().from(people).where(and(eq(people.name, name), eq(people.unitId, unitId))).all();
}

export function insertPerson(db: Db, values: { name: string; phone: string | null; unitId: number; locale: "vi" | "en" }): PersonRow {
  return db.insert(people).values(values).returning().get();
}

export function updatePerson(db: Db, id: number, values: Partial<Pick<PersonRow, "name" | "phone" | "unitId" | "locale">>, now: Date): PersonRow {
  return db.update(people).set({ ...values, updatedAt: now }).where(eq(people.id, id)).returning().get();
}

/** Sets or clears people.deactivated_at; returns the row after. */
export function setPersonDeactivated(db: Db, id: number, at: Date | null, now: Date): PersonRow {
  return db.update(people).set({ deactivatedAt: at, updatedAt: now }).where(eq(people.id, id)).returning().get();
}

export function rolesOf(db: Db, personId: number): Role[] {
  return db.select({ role: personRoles.role }).from(personRoles).where(eq(personRoles.personId, personId)).all().map((r) => r.role);
}

export function setRoles(db: Db, personId: number, roles: Role[]): boolean {
  const current = rolesOf(db, personId).sort();
  const next = [...new Set(roles)].sort();
  if (JSON.stringify(current) === JSON.stringify(next)) return false;
  db.delete(personRoles).where(eq(personRoles.personId, personId)).run();
  for (const role of next) db.insert(personRoles).values({ personId, role }).run();
  return true;
}

export function listPeople(db: Db): PersonWithRoles[] {
  const rows = db
    .select({ person: people, unitName: units.name })
    .from(people)
    .leftJoin(units, eq(units.id, people.unitId))
    .orderBy(people.id)
    .all();
  return rows.map((r) => ({ ...r.person, unitName: r.unitName, roles: rolesOf(db, r.person.id) }));
}

export function activeInviteCode(db: Db, personId: number, now: Date): InviteCodeRow | undefined {
  return db
    .select()
    .from(inviteCodes)
    .where(and(eq(inviteCodes.personId, personId), isNull(inviteCodes.usedAt), gt(inviteCodes.expiresAt, now)))
    .get();
}

export function insertInviteCode(db: Db, values: { code: string; personId: number; expiresAt: Date }): InviteCodeRow {
  return db.insert(inviteCodes).values(values).returning().get();
}

export function findInviteCode(db: Db, code: string): InviteCodeRow | undefined {
  return db.select().from(inviteCodes).where(eq(inviteCodes.code, code)).get();
}

/** Deletes a person: roles and invite codes go with them, chat accounts are unlinked, reports keep their figures (reporter unset). */
export function deletePerson(db: Db, id: number): void {
  db.delete(people).where(eq(people.id, id)).run();
}

/** Ends the person's unused, unexpired invite codes now (a revoke, or before a reissue); returns how many. */
export function expireInviteCodes(db: Db, personId: number, now: Date): number {
  return db
    .update(inviteCodes)
    .set({ expiresAt: now })
    .where(and(eq(inviteCodes.personId, personId), isNull(inviteCodes.usedAt), gt(inviteCodes.expiresAt, now)))
    .run().changes;
}

export function allPeople(db: Db): PersonRow[] {
  return db.select().from(people).all();
}

export function allPersonIds(db: Db): number[] {
  return db.select({ id: people.id }).from(people).all().map((p) => p.id);
}

export function personIdsWithRole(db: Db, role: Role): number[] {
  return db.select({ id: personRoles.personId }).from(personRoles).where(eq(personRoles.role, role)).all().map((p) => p.id);
}

export function personIdsOfUnit(db: Db, unitId: number): number[] {
  return db.select({ id: people.id }).from(people).where(eq(people.unitId, unitId)).all().map((p) => p.id);
}

/** These people, by id. */
export function peopleWithIds(db: Db, ids: number[]): PersonRow[] {
  if (ids.length === 0) return [];
  return db.select().from(people).where(inArray(people.id, ids)).orderBy(people.id).all();
}

/** The focal points of these units: who reports for them. */
export function focalPointsOfUnits(db: Db, unitIds: number[]): { id: number; unitId: number | null; name: string }[] {
  if (unitIds.length === 0) return [];
  return db
    .select({ id: people.id, unitId: people.unitId, name: people.name })
    .from(people)
    .innerJoin(personRoles, and(eq(personRoles.personId, people.id), eq(personRoles.role, "focal_point")))
    .where(inArray(people.unitId, unitIds))
    .all();
}

export function setPersonLocale(db: Db, id: number, locale: "vi" | "en"): void {
  db.update(people).set({ locale }).where(eq(people.id, id)).run();
}

/** Spends an invite code: the account that used it, and when. */
export function markInviteCodeUsed(db: Db, code: string, usedByAccountId: number, now: Date): void {
  db.update(inviteCodes).set({ usedAt: now, usedByAccountId }).where(eq(inviteCodes.code, code)).run();
}
