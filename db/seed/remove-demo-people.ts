import { inTransaction, type Db } from "../client.ts";
import { deletePerson, type PersonRow } from "../repositories/people-repository.ts";
import { findDemoPeople } from "./find-demo-people.ts";

/**
 * Removes the demo people in one transaction, with their roles and invite codes; their chat accounts
 * stay, unlinked, and figures they reported keep their values. The demo's units and plans stay: they
 * are the province's published plans, and a real import updates them. Returns who was removed.
 */
export async function removeDemoPeople(db: Db): Promise<PersonRow[]> {
  return await inTransaction(
    db,
    async () => {
      const demo = await findDemoPeople(db);
      for (const person of demo) await deletePerson(db, person.id);
      return demo;
    },
    "immediate",
  );
}
