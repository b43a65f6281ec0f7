import type { Db } from "../../db/client.ts";
import { allPeople, findPersonById, findPersonByPhone } from "../../db/repositories/people-repository.ts";
import { phoneNumber } from "../../src/domain/phone-number.ts";
import { searchKey } from "../../src/domain/search-key.ts";

/**
 * The dev chat's chat id for "user": a known person (by phone, id or name, diacritics ignored)
 * gets a stable id of their own; any other string is an unknown account, which has to link first.
 */
export async function resolveDevUser(db: Db, user: string): Promise<string> {
  const phone = phoneNumber(user);
  const byPhone = phone ? await findPersonByPhone(db, phone) : undefined;
  const byId = /^\d{1,6}$/.test(user) ? await findPersonById(db, Number(user)) : undefined;
  const key = searchKey(user);
  const byName = byPhone || byId ? undefined : (await allPeople(db)).find((p) => searchKey(p.name) === key);
  const person = byPhone ?? byId ?? byName;
  return person ? `person-${person.id}` : `guest-${key.replace(/[^a-z0-9]+/g, "-").slice(0, 40) || "anonymous"}`;
}
