import { inTransaction, type Db } from "../../db/client.ts";
import { writeAudit } from "../../db/repositories/audit-repository.ts";
import type { PlanRow } from "../../db/repositories/catalogue-repository.ts";
import { findUnitById, type UnitRow } from "../../db/repositories/units-repository.ts";
import { plansTrackingFrom, provinceTrackFrom, setPlanTrackFromRow, setProvinceTrackFromRow, setUnitDeactivatedAt, setUnitExternal } from "../../db/repositories/unit-setup-repository.ts";
import { findPlan } from "./manage-plans.ts";
import { findUnitByName } from "./unit-directory.ts";

/** Who made a change, for the audit trail. */
export interface SetupActor {
  personId: number | null;
  name: string;
}

export type StandingChange = "external" | "internal" | "deactivate" | "reactivate";
export const standingChanges: readonly StandingChange[] = ["external", "internal", "deactivate", "reactivate"];

/** Why a setup change was refused; the CLI and the console word it. */
export class SetupError extends Error {
  override name = "SetupError";
  constructor(
    readonly reason: "no_unit" | "no_plan" | "bad_date",
    readonly value: string,
  ) {
    super(`${reason}: ${value}`);
  }
}

/**
 * Marks a unit as outside the province (a ministry: owes nothing, still named by the plan's text)
 * or inside it again, deactivates it (owes nothing, its people get no reminders, refused as a new
 * assignment target) or reactivates it. `unchanged` when it already stood so. Audited.
 */
export async function changeUnitStanding(db: Db, unitRef: string | number, change: StandingChange, actor: SetupActor, now: Date): Promise<{ unit: UnitRow; unchanged: boolean }> {
  const unit = typeof unitRef === "number" ? await findUnitById(db, unitRef) : await findUnitByName(db, unitRef);
  if (!unit) throw new SetupError("no_unit", String(unitRef));
  const unchanged =
    change === "external" ? unit.external : change === "internal" ? !unit.external : change === "deactivate" ? unit.deactivatedAt !== null : unit.deactivatedAt === null;
  if (unchanged) return { unit, unchanged };
  return await inTransaction(db, async () => {
    const row =
      change === "external" || change === "internal" ? await setUnitExternal(db, unit.id, change === "external") : await setUnitDeactivatedAt(db, unit.id, change === "deactivate" ? now : null);
    await writeAudit(db, { at: now, actorPersonId: actor.personId, actor: actor.name, action: `unit.${change}`, entity: "unit", entityId: String(unit.id), details: { name: unit.name } });
    return { unit: row, unchanged: false };
  });
}

/** "2026-12-01" → 00:00 that day in Vietnam; "none" / "khong" / "" → null (no date); undefined when not a date. */
export function parseTrackFrom(text: string): Date | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === "" || t === "none" || t === "khong" || t === "không") return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return undefined;
  const d = new Date(`${t}T00:00:00+07:00`);
  // 2026-02-30 rolls over to March (or is invalid): refused.
  return !Number.isNaN(d.getTime()) && new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10) === t ? d : undefined;
}

/** Sets (or clears, with null) a plan's own "track from" date. Audited. */
export async function setPlanTrackFrom(db: Db, planRef: string, trackFrom: Date | null, actor: SetupActor, now: Date): Promise<PlanRow & { trackFrom: Date | null }> {
  const plan = await findPlan(db, planRef);
  if (!plan) throw new SetupError("no_plan", planRef);
  await inTransaction(db, async () => {
    await setPlanTrackFromRow(db, plan.id, trackFrom);
    await writeAudit(db, { at: now, actorPersonId: actor.personId, actor: actor.name, action: "plan.track_from", entity: "plan", entityId: String(plan.id), details: { trackFrom: trackFrom?.toISOString() ?? null } });
  });
  return { ...plan, trackFrom };
}

/** Sets (or clears) the province's "track from", the default of plans without their own. Audited when it changes. */
export async function setProvinceTrackFrom(db: Db, trackFrom: Date | null, actor: SetupActor, now: Date): Promise<{ changed: boolean }> {
  const before = await provinceTrackFrom(db);
  if ((before?.getTime() ?? null) === (trackFrom?.getTime() ?? null)) return { changed: false };
  await inTransaction(db, async () => {
    await setProvinceTrackFromRow(db, trackFrom, now);
    await writeAudit(db, { at: now, actorPersonId: actor.personId, actor: actor.name, action: "province.track_from", entity: "province", entityId: "1", details: { trackFrom: trackFrom?.toISOString() ?? null } });
  });
  return { changed: true };
}

export { provinceTrackFrom };

/** Each plan's own "track from", by plan id. */
export async function listPlanTrackFrom(db: Db): Promise<Map<number, Date>> {
  return new Map((await plansTrackingFrom(db)).map((p) => [p.id, p.trackFrom]));
}
