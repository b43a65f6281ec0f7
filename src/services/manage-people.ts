import { inTransaction, type Db } from "../../db/client.ts";
import { findPersonByPhone, insertPerson, rolesOf, setPersonDeactivated, setRoles, updatePerson, type PersonRow } from "../../db/repositories/people-repository.ts";
import { endConsoleSessionsOf } from "../../db/repositories/console-repository.ts";
import type { InviteCodeRow } from "../../db/repositories/people-repository.ts";
import { parseRoles } from "../domain/parse-role.ts";
import { phoneNumber } from "../domain/phone-number.ts";
import type { Role } from "../domain/roles.ts";
import { findPerson } from "./assignments.ts";
import { ensureInviteCode } from "./invite-codes.ts";
import { findUnitByName } from "./unit-directory.ts";

/** Why a change to a person was refused; the CLI (and later the console) words it. */
export class PersonChangeError extends Error {
  override name = "PersonChangeError";
  constructor(
    readonly reason: "no_unit" | "bad_phone" | "phone_taken" | "bad_role",
    readonly value: string,
  ) {
    super(`${reason}: ${value}`);
  }
}

/** Adds one person (as one row of `people import` would) and gives them an invite code. */
export async function addPerson(
  db: Db,
  input: { name: string; phone?: string; unit: string; roles?: string },
  opts: { now: Date; inviteTtlDays: number },
): Promise<{ person: PersonRow; roles: Role[]; invite: InviteCodeRow }> {
  const unit = await findUnitByName(db, input.unit);
  if (!unit) throw new PersonChangeError("no_unit", input.unit);
  const phone = await checkedPhone(db, input.phone, undefined);
  const roles = checkedRoles(input.roles ?? "focal_point");
  return await inTransaction(db, async () => {
    const person = await insertPerson(db, { name: input.name.trim(), phone, unitId: unit.id, locale: "vi" });
    await setRoles(db, person.id, roles);
    return { person, roles, invite: await ensureInviteCode(db, person.id, opts.now, opts.inviteTtlDays) };
  });
}

/** Changes a person's name, phone or unit (phone or id finds them). */
export async function editPerson(db: Db, ref: string, changes: { name?: string; phone?: string; unit?: string }, now: Date): Promise<PersonRow> {
  const person = await findPerson(db, ref);
  const unit = changes.unit === undefined ? undefined : await findUnitByName(db, changes.unit);
  if (changes.unit !== undefined && !unit) throw new PersonChangeError("no_unit", changes.unit);
  const phone = changes.phone === undefined ? undefined : await checkedPhone(db, changes.phone, person.id);
  return await updatePerson(db, person.id, { ...(changes.name ? { name: changes.name.trim() } : {}), ...(phone !== undefined ? { phone } : {}), ...(unit ? { unitId: unit.id } : {}) }, now);
}

/**
 * Deactivates a person (they left the unit, or their phone was lost): their console sessions end
 * now and no new one opens; reports and history stay. `active: true` undoes it.
 */
export async function setPersonActive(db: Db, ref: string, active: boolean, now: Date): Promise<{ person: PersonRow; endedSessions: number }> {
  const person = await findPerson(db, ref);
  return await inTransaction(db, async () => {
    const updated = await setPersonDeactivated(db, person.id, active ? null : now, now);
    return { person: updated, endedSessions: active ? 0 : await endConsoleSessionsOf(db, person.id, now) };
  });
}

/** Adds or removes roles ("lãnh đạo", "unit_head"…); returns the person's roles after. */
export async function changeRoles(db: Db, ref: string, change: "add" | "remove", rolesText: string): Promise<{ person: PersonRow; roles: Role[] }> {
  const person = await findPerson(db, ref);
  const named = checkedRoles(rolesText);
  const current = await rolesOf(db, person.id);
  const next = change === "add" ? [...new Set([...current, ...named])] : current.filter((r) => !named.includes(r));
  await setRoles(db, person.id, next);
  return { person, roles: await rolesOf(db, person.id) };
}

async function checkedPhone(db: Db, raw: string | undefined, selfId: number | undefined): Promise<string | null> {
  if (raw === undefined || raw.trim() === "") return null;
  const phone = phoneNumber(raw);
  if (!phone) throw new PersonChangeError("bad_phone", raw);
  const holder = await findPersonByPhone(db, phone);
  if (holder && holder.id !== selfId) throw new PersonChangeError("phone_taken", holder.name);
  return phone;
}

function checkedRoles(text: string): Role[] {
  const { roles, unknown } = parseRoles(text);
  if (unknown.length || roles.length === 0) throw new PersonChangeError("bad_role", unknown.join(", ") || text);
  return roles;
}
