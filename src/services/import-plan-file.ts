import { inTransaction, type Db } from "../../db/client.ts";
import { writeAudit } from "../../db/repositories/audit-repository.ts";
import { attachPlanFile } from "../../db/repositories/plan-files-repository.ts";
import type { ImportedCatalogue } from "../importers/types.ts";
import { checkCatalogueImport, renumberPlan } from "./manage-plans.ts";
import { saveCatalogue, type SaveCatalogueResult } from "./save-catalogue.ts";
import type { SetupActor } from "./unit-standing.ts";

/** What an import does to the stored plan: items new, changed and removed, and a number given to a plan that had none. */
export interface PlanDiff {
  key: string;
  /** The key of a plan imported from the same file without a number, which gets this number. */
  numbering?: string;
  plan: SaveCatalogueResult["plan"]["change"];
  created: string[];
  updated: string[];
  removed: string[];
  unchanged: number;
}

export type PlanFileImport =
  /** The file gave no item: saving it would create an empty plan, or empty the plan of that number. */
  | { type: "nothing_read" }
  | { type: "preview"; diff: PlanDiff; saved: SaveCatalogueResult }
  /** Items would be removed (with their reports) and the caller did not confirm it: nothing saved. */
  | { type: "removal_unconfirmed"; diff: PlanDiff }
  | { type: "saved"; diff: PlanDiff; saved: SaveCatalogueResult };

export interface ImportPlanFileRequest {
  catalogue: ImportedCatalogue;
  /** The file's name: a plan without a number is known by it. */
  fileName: string;
  planNumber?: string;
  /** "preview": the same work, rolled back. "save": kept, once any removal is confirmed. */
  mode: "preview" | "save";
  confirmRemoval: boolean;
  /** The kept upload (plan-files.ts) that the saved plan keeps. */
  fileId?: number;
  actor: SetupActor;
  now: Date;
}

/**
 * Imports a read catalogue the way the CLI's `catalogue import` and the console's upload both do:
 * a plan imported earlier from the same file without a number is given this one (no second copy),
 * removals of items need `confirmRemoval`, and a saved import keeps its file and writes its audit row.
 * A preview runs the same work in a transaction that is rolled back, so it shows exactly what a save does.
 */
export async function importPlanFile(db: Db, req: ImportPlanFileRequest): Promise<PlanFileImport> {
  const { catalogue } = req;
  if (catalogue.indicators.length === 0 && catalogue.tasks.length === 0) return { type: "nothing_read" };
  const opts = { ...(req.planNumber ? { planNumber: req.planNumber } : {}), sourceFile: req.fileName };
  const check = await checkCatalogueImport(db, catalogue, opts);
  const apply = async (): Promise<{ diff: PlanDiff; saved: SaveCatalogueResult }> => {
    if (check.numbering) await renumberPlan(db, check.numbering.key, req.planNumber || catalogue.plan.number, req.actor, req.now);
    const saved = await saveCatalogue(db, catalogue, { ...opts, now: req.now });
    const diff: PlanDiff = {
      key: saved.plan.key,
      ...(check.numbering ? { numbering: check.numbering.key } : {}),
      plan: saved.plan.change,
      created: saved.changedCodes.created,
      updated: saved.changedCodes.updated,
      removed: [...saved.indicators.removed, ...saved.tasks.removed],
      unchanged: saved.indicators.unchanged + saved.tasks.unchanged,
    };
    return { diff, saved };
  };
  if (req.mode === "preview") {
    let outcome: { diff: PlanDiff; saved: SaveCatalogueResult } | undefined;
    try {
      await inTransaction(db, async () => {
        outcome = await apply();
        throw new PreviewRollback();
      });
    } catch (err) {
      if (!(err instanceof PreviewRollback)) throw err;
    }
    return { type: "preview", ...outcome! };
  }
  if (check.wouldRemove.length && !req.confirmRemoval) {
    const diff: PlanDiff = { key: check.numbering?.key ?? check.key, plan: "updated", created: [], updated: [], removed: check.wouldRemove, unchanged: 0 };
    return { type: "removal_unconfirmed", diff };
  }
  return await inTransaction(db, async () => {
    const { diff, saved } = await apply();
    if (req.fileId !== undefined) await attachPlanFile(db, req.fileId, saved.plan.id, req.now);
    await writeAudit(db, {
      at: req.now,
      actorPersonId: req.actor.personId,
      actor: req.actor.name,
      action: "catalogue.import",
      entity: "plan",
      entityId: saved.plan.key,
      details: { file: req.fileName, fileId: req.fileId ?? null, created: diff.created.length, updated: diff.updated.length, removed: diff.removed, problems: saved.problems.length },
    });
    return { type: "saved", diff, saved };
  });
}

class PreviewRollback extends Error {}
