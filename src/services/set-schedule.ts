import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { inTransaction, type Db } from "../../db/client.ts";
import { assignments, auditLog, indicators, tasks, type Frequency } from "../../db/schema.ts";
import { AssignmentError, findPlan } from "./assignments.ts";

/**
 * Sets how often a plan's items are reported (or one item's, with a code): every active assignment
 * of them gets the frequency. Re-imports keep it: a catalogue-derived assignment is never rewritten.
 */
export function setSchedule(db: Db, req: { plan: string; code?: string; frequency: Frequency; actor: string; now: Date }): { plan: string; assignments: number } {
  const plan = findPlan(db, req.plan);
  const indicatorIds = db
    .select({ id: indicators.id })
    .from(indicators)
    .where(and(eq(indicators.planId, plan.id), req.code ? eq(indicators.code, req.code) : undefined))
    .all()
    .map((r) => r.id);
  const taskIds = db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.planId, plan.id), req.code ? eq(tasks.code, req.code) : undefined))
    .all()
    .map((r) => r.id);
  if (req.code && indicatorIds.length + taskIds.length === 0) throw new AssignmentError(`Plan ${plan.number || plan.key} has no indicator or task with code "${req.code}".`);
  return inTransaction(db, () => {
    const subjects = [
      ...(indicatorIds.length ? [inArray(assignments.indicatorId, indicatorIds)] : []),
      ...(taskIds.length ? [inArray(assignments.taskId, taskIds)] : []),
    ];
    if (subjects.length === 0) return { plan: plan.number || plan.key, assignments: 0 };
    const changed = db
      .update(assignments)
      .set({ frequency: req.frequency })
      .where(and(isNull(assignments.removedAt), or(...subjects)))
      .run().changes;
    db.insert(auditLog).values({ at: req.now, actor: req.actor, action: "schedule.set", entity: "plan", entityId: plan.key, details: { code: req.code ?? null, frequency: req.frequency, assignments: changed } }).run();
    return { plan: plan.number || plan.key, assignments: changed };
  });
}
