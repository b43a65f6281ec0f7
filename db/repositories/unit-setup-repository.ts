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
export async function unitsOwingNothing(db: Db): Promise<{ id: number; external: boolean; deactivatedAt: Date | null }[]> {
  return await db.select({ id: units.id, external: units.external, deactivatedAt: units.deactivatedAt }).from(units).where(or(eq(units.external, true), isNotNull(units.deactivatedAt))).all();
}

export async function setUnitExternal(db: Db, unitId: number, external: boolean): Promise<UnitRow> {
  return await db.update(units).set({ external }).where(eq(units.id, unitId)).returning().get();
}

export async function setUnitDeactivatedAt(db: Db, unitId: number, deactivatedAt: Date | null): Promise<UnitRow> {
  return await db.update(units).set({ deactivatedAt }).where(eq(units.id, unitId)).returning().get();
}

/** The plans with a "track from" of their own. */
export async function plansTrackingFrom(db: Db): Promise<{ id: number; trackFrom: Date }[]> {
  return await db.select({ id: plans.id, trackFrom: plans.trackFrom }).from(plans).where(isNotNull(plans.trackFrom)).all() as { id: number; trackFrom: Date }[];
}

export async function setPlanTrackFromRow(db: Db, planId: number, trackFrom: Date | null): Promise<void> {
  await db.update(plans).set({ trackFrom }).where(eq(plans.id, planId)).run();
}

/** Each item's plan, by subject key ("i:12", "t:5"), for the plans given. */
export async function subjectPlans(db: Db, planIds: number[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (planIds.length === 0) return out;
  for (const r of await db.select({ id: indicators.id, planId: indicators.planId }).from(indicators).where(inArray(indicators.planId, planIds)).all()) out.set(subjectKey("indicator", r.id), r.planId);
  for (const r of await db.select({ id: tasks.id, planId: tasks.planId }).from(tasks).where(inArray(tasks.planId, planIds)).all()) out.set(subjectKey("task", r.id), r.planId);
  return out;
}

/** The province's "track from" (null: none). */
export async function provinceTrackFrom(db: Db): Promise<Date | null> {
  return (await db.select({ trackFrom: provinceSettings.trackFrom }).from(provinceSettings).where(eq(provinceSettings.id, 1)).get())?.trackFrom ?? null;
}

export async function setProvinceTrackFromRow(db: Db, trackFrom: Date | null, now: Date): Promise<void> {
  await db.insert(provinceSettings).values({ id: 1, trackFrom, updatedAt: now }).onConflictDoUpdate({ target: provinceSettings.id, set: { trackFrom, updatedAt: now } }).run();
}

export async function setUnitKind(db: Db, unitId: number, kind: UnitKind): Promise<void> {
  await db.update(units).set({ kind }).where(eq(units.id, unitId)).run();
}
