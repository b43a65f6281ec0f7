import type { Db } from "../client.ts";
import { findInviteCode, findPersonById, findPersonByPhone, type PersonRow } from "../repositories/people-repository.ts";
import { demoPeople } from "./demo-organisation.ts";

/**
 * The demo people in this database: a person with a demo person's phone and name, or anyone holding
 * one of the demo invite codes the README prints (DP-KHCN, DM-KHCN…), however they were renamed since.
 */
export async function findDemoPeople(db: Db): Promise<PersonRow[]> {
  const found = new Map<number, PersonRow>();
  for (const demo of demoPeople) {
    const byPhone = await findPersonByPhone(db, demo.phone);
    if (byPhone && byPhone.name === demo.name) found.set(byPhone.id, byPhone);
    const code = await findInviteCode(db, demo.inviteCode);
    const holder = code ? await findPersonById(db, code.personId) : undefined;
    if (holder) found.set(holder.id, holder);
  }
  return [...found.values()].sort((a, b) => a.id - b.id);
}
