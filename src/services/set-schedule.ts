import { inTransaction, type Db } from "../../db/client.ts";
import { setFrequencyOfItems } from "../../db/repositories/assignments-repository.ts";
import { writeAudit } from "../../db/repositories/audit-repository.ts";
import { itemIdsOfPlan } from "../../db/repositories/catalogue-repository.ts";
import type { Frequency } from "../domain/frequency.ts";
import { AssignmentError, findPlan } from "./assignments.ts";

/**
 * Sets how often a plan's items are reported (or one item's, with a code): every active assignment
 * of them gets the frequency. Re-imports keep it: a catalogue-derived assignment is never rewritten.
 */
export async function setSchedule(db: Db, req: { plan: string; code?: string; frequency: Frequency; actor: string; actorPersonId?: number | null; now: Date }): Promise<{ plan: string; assignments: number }> {
  const plan = await findPlan(db, req.plan);
  const items = await itemIdsOfPlan(db, plan.id, req.code);
  if (req.code && items.indicatorIds.length + items.taskIds.length === 0) throw new AssignmentError(`Plan ${plan.number || plan.key} has no indicator or task with code "${req.code}".`);
  return await inTransaction(db, async () => {
    if (items.indicatorIds.length + items.taskIds.length === 0) return { plan: plan.number || plan.key, assignments: 0 };
    const changed = await setFrequencyOfItems(db, items, req.frequency);
    await writeAudit(db, { at: req.now, actorPersonId: req.actorPersonId ?? null, actor: req.actor, action: "schedule.set", entity: "plan", entityId: plan.key, details: { code: req.code ?? null, frequency: req.frequency, assignments: changed } });
    return { plan: plan.number || plan.key, assignments: changed };
  });
}
