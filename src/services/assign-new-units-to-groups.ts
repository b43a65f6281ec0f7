import type { Db } from "../../db/client.ts";
import { ensureAssignment, type Subject } from "../../db/repositories/assignments-repository.ts";
import { indicatorIdsWithTargets, indicatorsOutsidePlan, tasksOutsidePlan } from "../../db/repositories/catalogue-repository.ts";
import type { UnitRow } from "../../db/repositories/units-repository.ts";
import type { AssignmentRole } from "../domain/assignment-role.ts";
import type { Deadline, UnitKind } from "../domain/types.ts";
import { parseUnitMentions } from "../domain/unit-name.ts";
import { defaultFrequency } from "./default-frequency.ts";

/**
 * A unit first named by one plan joins the generic groups ("Các sở, ban, ngành", "UBND các xã,
 * phường") of the plans imported before it, as if it had existed then: what a plan assigns does not
 * depend on the order the plans were imported in, and re-importing an earlier plan changes nothing.
 * Returns how many assignments were created.
 */
export async function assignNewUnitsToGroups(db: Db, newUnits: UnitRow[], opts: { exceptPlanId: number; now: Date }): Promise<number> {
  if (newUnits.length === 0) return 0;
  const withTargets = await indicatorIdsWithTargets(db);
  const items: { subject: Subject; deadline: Deadline | null; hasTargets: boolean; cells: [AssignmentRole, string[]][] }[] = [
    ...(await indicatorsOutsidePlan(db, opts.exceptPlanId)).map((i) => ({
        subject: { type: "indicator" as const, id: i.id },
        deadline: i.deadline as Deadline | null,
        hasTargets: withTargets.has(i.id),
        cells: [["lead", i.lead], ["coordinating", i.coordinating], ["monitoring", i.monitoring]] as [AssignmentRole, string[]][],
      })),
    ...(await tasksOutsidePlan(db, opts.exceptPlanId)).map((t) => ({
        subject: { type: "task" as const, id: t.id },
        deadline: t.deadline as Deadline | null,
        hasTargets: false,
        cells: [["lead", t.lead], ["coordinating", t.coordinating]] as [AssignmentRole, string[]][],
      })),
  ];
  let created = 0;
  for (const { subject, deadline, hasTargets, cells } of items) {
    for (const [role, names] of cells) {
      const kinds = new Set<UnitKind>(names.flatMap((n) => parseUnitMentions(n)).flatMap((m) => (m.type === "group" ? m.kinds : [])));
      for (const unit of newUnits.filter((u) => kinds.has(u.kind))) {
        const frequency = defaultFrequency(deadline, hasTargets);
        if ((await ensureAssignment(db, { subject, unitId: unit.id, role, frequency, source: "catalogue", now: opts.now })).change === "created") created += 1;
      }
    }
  }
  return created;
}
