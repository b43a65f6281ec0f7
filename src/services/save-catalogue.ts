import { basename } from "node:path";
import { inTransaction, type Db } from "../../db/client.ts";
import {
  removeStaleItems,
  upsertIndicator,
  upsertPlan,
  upsertTask,
  type Change,
} from "../../db/repositories/catalogue-repository.ts";
import { savePlanTables } from "../../db/repositories/plan-layout-repository.ts";
import { findUnitByKey, type UnitRow } from "../../db/repositories/units-repository.ts";
import type { Frequency } from "../domain/frequency.ts";
import { searchKey } from "../domain/search-key.ts";
import { canonicalUnitName, unitKey } from "../domain/unit-name.ts";
import type { Deadline } from "../domain/types.ts";
import { planLayout } from "../importers/plan-layout.ts";
import type { ImportedCatalogue, ImportedIndicator, ImportedTask, ImportProblem } from "../importers/types.ts";
import { assignNewUnitsToGroups } from "./assign-new-units-to-groups.ts";
import { defaultFrequency } from "./default-frequency.ts";
import { syncCatalogueAssignments, type AssignmentSync } from "./sync-catalogue-assignments.ts";

export interface SaveCatalogueResult {
  plan: { id: number; key: string; number: string; change: Change };
  indicators: ChangeCounts;
  tasks: ChangeCounts;
  /** The plan's table layout (headers, section rows, row order): tables written or removed by this import. */
  layout: { written: number; removed: number };
  /** addedToOtherPlans: assignments of other plans' generic groups that units this import created joined. */
  assignments: AssignmentSync & { addedToOtherPlans: number };
  problems: ImportProblem[];
  /** The codes of the items this import created and updated (indicators and tasks), for a preview. */
  changedCodes: { created: string[]; updated: string[] };
}

export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
  removed: string[];
}

/**
 * Stores an imported catalogue: the plan, its indicators with their targets, its tasks, and the
 * assignments the catalogue implies. Idempotent: the same catalogue twice changes nothing.
 */
export async function saveCatalogue(
  db: Db,
  catalogue: ImportedCatalogue,
  opts: { planNumber?: string; sourceFile?: string; now: Date },
): Promise<SaveCatalogueResult> {
  const number = (opts.planNumber ?? catalogue.plan.number).trim();
  const key = planKey(number, opts.sourceFile);
  return await inTransaction(db, async () => {
    const { plan, change } = await upsertPlan(
      db,
      {
        key,
        number,
        date: catalogue.plan.date,
        issuer: catalogue.plan.issuer,
        title: catalogue.plan.title,
        sourceFile: opts.sourceFile ? basename(opts.sourceFile) : null,
        format: catalogue.format,
        problems: catalogue.problems,
      },
      opts.now,
    );
    const indicatorCounts = emptyCounts();
    const taskCounts = emptyCounts();
    const savedIndicators: { id: number; item: ImportedIndicator; frequency: Frequency }[] = [];
    const savedTasks: { id: number; item: ImportedTask; frequency: Frequency }[] = [];
    const changedCodes: SaveCatalogueResult["changedCodes"] = { created: [], updated: [] };

    for (const [position, item] of catalogue.indicators.entries()) {
      const { indicator, change: c } = await upsertIndicator(
        db,
        plan.id,
        {
          code: item.code,
          printedNumber: item.printedNumber,
          sectionCode: item.section?.code ?? null,
          sectionTitle: item.section?.title ?? null,
          parentCode: item.parentCode ?? null,
          name: item.name,
          nameKey: searchKey(item.name),
          unitOfMeasure: item.unitOfMeasure ?? null,
          valueKind: item.valueKind,
          direction: item.direction,
          baselineRaw: item.baseline?.raw ?? null,
          baselineValue: item.baseline?.value ?? null,
          baselineYear: item.baseline?.year ?? null,
          sourceDocument: item.sourceDocument ?? null,
          lead: item.lead,
          coordinating: item.coordinating,
          monitoring: item.monitoring,
          deadlineRaw: item.deadline?.raw ?? null,
          deadline: item.deadline?.parsed ?? null,
          dueAt: dueAtOf(item.deadline?.parsed),
          needsReview: item.needsReview,
          reviewReasons: item.reviewReasons,
          sourceLine: item.line,
          position,
        },
        item.targets.map((t) => ({ year: t.year, level: t.level ?? "", raw: t.raw, parsed: t.parsed })),
        opts.now,
      );
      indicatorCounts[c] += 1;
      if (c !== "unchanged") changedCodes[c].push(item.code);
      savedIndicators.push({ id: indicator.id, item, frequency: defaultFrequency(item.deadline?.parsed, item.targets.length > 0) });
    }

    for (const [position, item] of catalogue.tasks.entries()) {
      const { task, change: c } = await upsertTask(
        db,
        plan.id,
        {
          code: item.code,
          printedNumber: item.printedNumber,
          sectionCode: item.section?.code ?? null,
          sectionTitle: item.section?.title ?? null,
          name: item.name,
          nameKey: searchKey(item.name),
          expectedResult: item.expectedResult ?? null,
          lead: item.lead,
          coordinating: item.coordinating,
          deadlineRaw: item.deadline?.raw ?? null,
          deadline: item.deadline?.parsed ?? null,
          deadlineKind: item.deadline?.parsed.kind ?? null,
          dueAt: dueAtOf(item.deadline?.parsed),
          basis: item.basis ?? null,
          needsReview: item.needsReview,
          reviewReasons: item.reviewReasons,
          sourceLine: item.line,
          position,
        },
        opts.now,
      );
      taskCounts[c] += 1;
      if (c !== "unchanged") changedCodes[c].push(item.code);
      savedTasks.push({ id: task.id, item, frequency: defaultFrequency(item.deadline?.parsed, false) });
    }

    const removed = await removeStaleItems(
      db,
      plan.id,
      catalogue.indicators.map((i) => i.code),
      catalogue.tasks.map((t) => t.code),
    );
    const layout = await savePlanTables(
      db,
      plan.id,
      planLayout(catalogue).map((t) => ({ kind: t.kind, appendix: t.appendix, title: t.title, headers: t.headers, columns: t.columns, rows: t.rows })),
    );
    indicatorCounts.removed = removed.indicators;
    taskCounts.removed = removed.tasks;

    const issuerUnit = catalogue.plan.issuer ? await findUnitByKey(db, unitKey(canonicalUnitName(catalogue.plan.issuer))) : undefined;
    const sync = await syncCatalogueAssignments(db, {
      indicators: savedIndicators,
      tasks: savedTasks,
      officeParentId: issuerUnit?.id ?? null,
      now: opts.now,
    });
    const newUnits: UnitRow[] = [];
    for (const name of sync.unitsCreated) {
      const u = await findUnitByKey(db, unitKey(name));
      if (u) newUnits.push(u);
    }
    const addedToOtherPlans = await assignNewUnitsToGroups(db, newUnits, { exceptPlanId: plan.id, now: opts.now });

    return {
      plan: { id: plan.id, key, number, change },
      indicators: indicatorCounts,
      tasks: taskCounts,
      layout,
      assignments: { ...sync, addedToOtherPlans },
      problems: [...catalogue.problems, ...sync.problems],
      changedCodes,
    };
  });
}

/** The identity of a plan across imports: its number, else the file it came from. */
export function planKey(number: string, sourceFile?: string): string {
  if (number) return searchKey(number).replace(/\s+/g, "");
  if (sourceFile) return `file:${basename(sourceFile)}`;
  throw new Error("A plan without a number needs a name: pass --plan \"<number>\" (e.g. --plan \"52/KH-UBND\").");
}

function dueAtOf(deadline: Deadline | undefined): Date | null {
  return deadline && "dueAt" in deadline ? new Date(deadline.dueAt) : null;
}

function emptyCounts(): ChangeCounts {
  return { created: 0, updated: 0, unchanged: 0, removed: [] };
}
