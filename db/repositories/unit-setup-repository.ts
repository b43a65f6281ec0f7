import { eq, inArray, isNotNull, or } from "drizzle-orm";
import type { Db } from "../client.ts";
import { indicators, plans, provinceSettings, tasks, units } from "../schema.ts";
import { subjectKey } from "../../src/domain/subject-key.ts";
import type { UnitRow } from "./units-repository.ts";
import type { UnitKind } from "../../src/domain/types.ts";

/**
 * The reads and writes behind setting up a province: whether a unit owes reports (outside the
 * province, deactivated) and from when a plan's periods are chased (track from).
 */

/** Ids of the units that owe nothing: outside the province or deactivated (src/domain/reporting-duty.ts). */
export function unitsOwingNothing(db: Db): { id: number; external: boolean; deactivatedAt: Date | null }[] {
  return db.select({ id: units.id, external: units.external, deactivatedAt: units.deactivatedAt }).from(units).where(or(eq(units.external, true), isNotNull(units.deactivatedAt))).all();
}

export function setUnitExternal(db: Db, unitId: number, external: boolean): UnitRow {
  return db.update(units).set({ external }).where(eq(units.id, unitId)).returning().get();
}

export function setUnitDeactivatedAt(db: Db, unitId: number, deactivatedAt: Date | null): UnitRow {
  return db.update(units).set({ deactivatedAt }).where(eq(units.id, unitId)).returning().get();
}

/** The plans with a "track from" of their own. */
export function plansTrackingFrom(db: Db): { id: number; trackFrom: Date }[] {
  return db.select({ id: plans.id, trackFrom: plans.trackFrom }).from(plans).where(isNotNull(plans.trackFrom)).all() as { id: number; trackFrom: Date }[];
}

export function setPlanTrackFromRow(db: Db, planId: number, trackFrom: Date | null): void {
  db.update(plans).set({ trackFrom }).where(eq(plans.id, planId)).run();
}

/** Each item's plan, by subject key ("i:12", "t:5"), for the plans given. */
export function subjectPlans(db: Db, planIds: number[]): Map<string, number> {
  const out = new Map<string, number>();
  if (planIds.length === 0) return out;
  for (const r of db.select({ id: indicators.id, planId: indicators.planId }).from(indicators).where(inArray(indicators.planId, planIds)).all()) out.set(subjectKey("indicator", r.id), r.planId);
  for (const r of db.select({ id: tasks.id, planId: tasks.planId }).from(tasks).where(inArray(tasks.planId, planIds)).all()) out.set(subjectKey("task", r.id), r.planId);
  return out;
}

/** The province's "track from" (null: none). */
export function provinceTrackFrom(db: Db): Date | null {
  return db.select({ trackFrom: provinceSettings.trackFrom }).from(provinceSettings).where(eq(provinceSettings.id, 1)).get()?.trackFrom ?? null;
}

export function setProvinceTrackFromRow(db: Db, trackFrom: Date | null, now: Date): void {
  db.insert(provinceSettings).values({ id: 1, trackFrom, updatedAt: now }).onConflictDoUpdate({ target: provinceSettings.id, set: { trackFrom, updatedAt: now } }).run();
}

export function setUnitKind(db: Db, unitId: number, kind: UnitKind): void {
  db.update(units).set({ kind }).where(eq(units.id, unitId)).run();
}
