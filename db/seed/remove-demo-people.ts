import { inTransaction, type Db } from "../client.ts";
import { deletePerson, type PersonRow } from "../repositories/people-repository.ts";
import { findDemoPeople } from "./find-demo-people.ts";

/**
 * Removes the demo people in one transaction, with their roles and invite codes; their chat accounts
 * stay, unlinked, and figures they reported keep their values. The demo's units and plans stay: they
 * are the province's published plans, and a real import updates them. Returns who was removed.
 */
export function removeDemoPeople(db: Db): PersonRow[] {
  return inTransaction(
    db,
    () => {
      const demo = findDemoPeople(db);
      for (const person of demo) deletePerson(db, person.id);
      return demo;
    },
    "immediate",
  );
}
