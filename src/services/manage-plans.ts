import { basename } from "node:path";
import { inTransaction, type Db } from "../../db/client.ts";
import { findPlanByKey, listPlans, planIndicators, planTasks, type PlanRow } from "../../db/repositories/catalogue-repository.ts";
import { deletePlan, findUnnumberedPlanFromFile, planContents, renumberPlan as renumberPlanRow, type PlanContents } from "../../db/repositories/plans-repository.ts";
import { writeAudit } from "../../db/repositories/audit-repository.ts";
import type { ImportedCatalogue } from "../importers/types.ts";
import type { SetupActor } from "./unit-standing.ts";
import { planKey } from "./save-catalogue.ts";

/** A plan named the way a coordinator writes it: its number ("52/KH-UBND", any spacing or case) or its key ("file:KH.docx"). */
export async function findPlan(db: Db, ref: string): Promise<PlanRow | undefined> {
  const trimmed = ref.trim();
  if (!trimmed) return undefined;
  return await findPlanByKey(db, trimmed) ?? await findPlanByKey(db, planKey(trimmed)) ?? (await listPlans(db)).find((p) => p.number === trimmed);
}

export interface ImportPlanCheck {
  /** The key the import will save under. */
  key: string;
  /** Codes of the stored plan that this import would delete (with their reports): needs confirmation. */
  wouldRemove: string[];
  /** A plan imported earlier from the same file without a number, which this import's number will be given to. */
  numbering?: PlanRow;
}

/**
 * What saving this catalogue would do to plans already stored, before anything is written:
 * the items it would remove, and whether it gives a number to a plan that had none (imported from
 * the same file), instead of making a second copy under the new number.
 */
export async function checkCatalogueImport(db: Db, catalogue: ImportedCatalogue, opts: { planNumber?: string; sourceFile: string }): Promise<ImportPlanCheck> {
  const number = (opts.planNumber ?? catalogue.plan.number).trim();
  const key = planKey(number, opts.sourceFile);
  let existing = await findPlanByKey(db, key);
  let numbering: PlanRow | undefined;
  if (!existing && number) {
    numbering = await findUnnumberedPlanFromFile(db, basename(opts.sourceFile));
    existing = numbering;
  }
  if (!existing) return { key, wouldRemove: [] };
  const keepIndicators = new Set(catalogue.indicators.map((i) => i.code));
  const keepTasks = new Set(catalogue.tasks.map((t) => t.code));
  const wouldRemove = [
    ...(await planIndicators(db, existing.id)).filter((i) => !keepIndicators.has(i.code)).map((i) => i.code),
    ...(await planTasks(db, existing.id)).filter((t) => !keepTasks.has(t.code)).map((t) => t.code),
  ];
  return { key, wouldRemove, ...(numbering ? { numbering } : {}) };
}

export type PlanRemoval = { plan: PlanRow; contents: PlanContents; removed: boolean };

/**
 * Deletes a plan with everything attached: items, assignments and their reports (the schema
 * cascades). Reports are not kept: without their item they could not be read or corrected, and a
 * backup (`db backup`) is the way to keep them. Without `confirm` it only says what would go.
 */
export async function removePlan(db: Db, ref: string, opts: { confirm: boolean; actor: SetupActor; now: Date }): Promise<PlanRemoval | undefined> {
  const plan = await findPlan(db, ref);
  if (!plan) return undefined;
  const contents = await planContents(db, plan.id);
  if (!opts.confirm) return { plan, contents, removed: false };
  await inTransaction(db, async () => {
    await deletePlan(db, plan.id);
    await writeAudit(db, { at: opts.now, actorPersonId: opts.actor.personId, actor: opts.actor.name, action: "plan.remove", entity: "plan", entityId: plan.key, details: { number: plan.number, ...contents } });
  });
  return { plan, contents, removed: true };
}

export type Renumbering = { ok: true; from: string; plan: PlanRow } | { ok: false; reason: "no_plan" } | { ok: false; reason: "taken"; other: PlanRow };

/** Sets a plan's number (e.g. one imported as `file:<name>`), keeping its id, items, assignments and reports. */
export async function renumberPlan(db: Db, ref: string, number: string, actor: SetupActor, now: Date): Promise<Renumbering> {
  const plan = await findPlan(db, ref);
  if (!plan) return { ok: false, reason: "no_plan" };
  const key = planKey(number.trim());
  const other = await findPlanByKey(db, key);
  if (other && other.id !== plan.id) return { ok: false, reason: "taken", other };
  const from = plan.number || plan.key;
  const renumbered = await inTransaction(db, async () => {
    const row = await renumberPlanRow(db, plan.id, { key, number: number.trim() }, now);
    await writeAudit(db, { at: now, actorPersonId: actor.personId, actor: actor.name, action: "plan.renumber", entity: "plan", entityId: key, details: { from } });
    return row;
  });
  return { ok: true, from, plan: renumbered };
}
