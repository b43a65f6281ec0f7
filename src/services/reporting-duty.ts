import type { Db } from "../../db/client.ts";
import { plansTrackingFrom, provinceTrackFrom, subjectPlans, unitsOwingNothing } from "../../db/repositories/unit-setup-repository.ts";
import { catalogueCache } from "./catalogue-cache.ts";
import { effectiveTrackFrom, isTracked, trackedStatus, unitOwesReports } from "../domain/reporting-duty.ts";
import type { PeriodStatus } from "../domain/reporting-period.ts";

/**
 * Which unit owes what and from when: the rule itself is src/domain/reporting-duty.ts. Every consumer — the chat's
 * lookups, the reminder tick, the read model, the "not reported" audience, new assignments — asks
 * this, so they cannot disagree.
 */
export interface DutyCheck {
  /** The unit owes reports: not outside the province, not deactivated. */
  owes(unitId: number): boolean;
  /** When tracking starts for an item ("i:12"): its plan's own date, else the province's, else null. */
  trackFromOf(subjectKey: string): Date | null;
  /** Whether the item's period with this deadline is chased (expected, can be overdue, reminded, escalated). */
  tracked(subjectKey: string, dueAt: Date): boolean;
  /** The chat's period status under the track-from rule ("untracked" instead of overdue / due soon). */
  status(subjectKey: string, dueAt: Date, status: PeriodStatus): PeriodStatus;
}

const keptChecks = catalogueCache<DutyCheck>();

/**
 * The check as the database stands. Units, plans and province_settings are all watched by the
 * catalogue's stamp, so it is built once (a few small reads) and kept in the catalogue cache until one
 * of them changes, from this process or another: a chat turn pays only the stamp.
 */
export async function dutyCheck(db: Db): Promise<DutyCheck> {
  return await keptChecks(db, "all", async () => await readDutyCheck(db));
}

async function readDutyCheck(db: Db): Promise<DutyCheck> {
  // Three small reads side by side (on PostgreSQL, three round trips at once on the pool).
  const [owingNothing, province, own] = await Promise.all([unitsOwingNothing(db), provinceTrackFrom(db), plansTrackingFrom(db)]);
  const notOwing = new Set(owingNothing.filter((u) => !unitOwesReports(u)).map((u) => u.id));
  const planOf = own.length ? await subjectPlans(db, own.map((p) => p.id)) : new Map<string, number>();
  const byPlan = new Map(own.map((p) => [p.id, p.trackFrom]));
  const trackFromOf = (subjectKey: string): Date | null => {
    const planId = planOf.get(subjectKey);
    return effectiveTrackFrom(planId === undefined ? null : byPlan.get(planId), province);
  };
  return {
    owes: (unitId) => !notOwing.has(unitId),
    trackFromOf,
    tracked: (subjectKey, dueAt) => isTracked(dueAt, trackFromOf(subjectKey)),
    status: (subjectKey, dueAt, status) => trackedStatus(status, dueAt, trackFromOf(subjectKey)),
  };
}
