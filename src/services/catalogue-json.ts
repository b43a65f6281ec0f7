import type { Db } from "../../db/client.ts";
import { assignedUnitNames } from "../../db/repositories/assignments-repository.ts";
import {
  indicatorTargets,
  listPlans,
  planIndicators,
  planTasks,
  type PlanRow,
} from "../../db/repositories/catalogue-repository.ts";
import { subjectKey } from "../domain/subject-key.ts";
import type { Deadline, Target } from "../domain/types.ts";
import type { Message } from "../chat/types.ts";
import { reviewReasonText } from "../importers/problem-message.ts";
import type { ImportedCatalogue, ImportProblem } from "../importers/types.ts";

/** Renders a message in the reader's language (the CLI's say, the admin API's default locale). */
export type RenderMessage = (message: Message) => string;

/**
 * The one JSON shape of a catalogue, printed by `catalogue import --json` (from what was read) and
 * `catalogue list --json` (from the database). Documented in the README. Review reasons are
 * sentences in the reader's language (`render`).
 */
export interface CatalogueJson {
  plan: { key?: string; number: string; date: string | null; issuer: string | null; title: string | null; format: string | null };
  indicators: IndicatorJson[];
  tasks: TaskJson[];
  problems: ImportProblem[];
}

export interface IndicatorJson {
  code: string;
  section: { code: string; title: string } | null;
  parentCode: string | null;
  name: string;
  unitOfMeasure: string | null;
  valueKind: string;
  direction: string;
  baseline: { raw: string; value: number | null; year: number | null } | null;
  targets: { year: number; level: string | null; raw: string; parsed: Target }[];
  lead: string[];
  coordinating: string[];
  monitoring: string[];
  deadline: { raw: string; parsed: Deadline } | null;
  sourceDocument: string | null;
  needsReview: boolean;
  reviewReasons: string[];
  line: number | null;
  /** Only from the database: how many units the assignments resolved to, by role. */
  assignedUnits?: Record<string, string[]>;
}

export interface TaskJson {
  code: string;
  section: { code: string; title: string } | null;
  name: string;
  expectedResult: string | null;
  lead: string[];
  coordinating: string[];
  deadline: { raw: string; parsed: Deadline } | null;
  basis: string | null;
  needsReview: boolean;
  reviewReasons: string[];
  line: number | null;
  assignedUnits?: Record<string, string[]>;
}

export function catalogueJsonFromImport(catalogue: ImportedCatalogue, render: RenderMessage, planNumber?: string): CatalogueJson {
  return {
    plan: {
      number: planNumber ?? catalogue.plan.number,
      date: catalogue.plan.date ?? null,
      issuer: catalogue.plan.issuer ?? null,
      title: catalogue.plan.title ?? null,
      format: catalogue.format,
    },
    indicators: catalogue.indicators.map((i) => ({
      code: i.code,
      section: i.section ?? null,
      parentCode: i.parentCode ?? null,
      name: i.name,
      unitOfMeasure: i.unitOfMeasure ?? null,
      valueKind: i.valueKind,
      direction: i.direction,
      baseline: i.baseline ? { raw: i.baseline.raw, value: i.baseline.value ?? null, year: i.baseline.year ?? null } : null,
      targets: i.targets.map((t) => ({ year: t.year, level: t.level ?? null, raw: t.raw, parsed: t.parsed })),
      lead: i.lead,
      coordinating: i.coordinating,
      monitoring: i.monitoring,
      deadline: i.deadline ?? null,
      sourceDocument: i.sourceDocument ?? null,
      needsReview: i.needsReview,
      reviewReasons: i.reviewReasons.map((r) => reviewReasonText(render, r)),
      line: i.line,
    })),
    tasks: catalogue.tasks.map((t) => ({
      code: t.code,
      section: t.section ?? null,
      name: t.name,
      expectedResult: t.expectedResult ?? null,
      lead: t.lead,
      coordinating: t.coordinating,
      deadline: t.deadline ?? null,
      basis: t.basis ?? null,
      needsReview: t.needsReview,
      reviewReasons: t.reviewReasons.map((r) => reviewReasonText(render, r)),
      line: t.line,
    })),
    problems: catalogue.problems,
  };
}

export async function catalogueJsonFromDatabase(db: Db, plan: PlanRow, render: RenderMessage): Promise<CatalogueJson> {
  return {
    plan: { key: plan.key, number: plan.number, date: plan.date, issuer: plan.issuer, title: plan.title, format: plan.format },
    indicators: (await Promise.all((await planIndicators(db, plan.id)).map(async (i) => ({
      code: i.code,
      section: i.sectionCode ? { code: i.sectionCode, title: i.sectionTitle ?? "" } : null,
      parentCode: i.parentCode,
      name: i.name,
      unitOfMeasure: i.unitOfMeasure,
      valueKind: i.valueKind,
      direction: i.direction,
      baseline: i.baselineRaw ? { raw: i.baselineRaw, value: i.baselineValue, year: i.baselineYear } : null,
      targets: (await indicatorTargets(db, i.id)).map((t) => ({ year: t.year, level: t.level || null, raw: t.raw, parsed: t.parsed as Target })),
      lead: i.lead,
      coordinating: i.coordinating,
      monitoring: i.monitoring,
      deadline: i.deadlineRaw !== null && i.deadline ? { raw: i.deadlineRaw, parsed: i.deadline as Deadline } : null,
      sourceDocument: i.sourceDocument,
      needsReview: i.needsReview,
      reviewReasons: i.reviewReasons.map((r) => reviewReasonText(render, r)),
      line: i.sourceLine,
      assignedUnits: await assignedUnits(db, subjectKey("indicator", i.id)),
    })))),
    tasks: (await Promise.all((await planTasks(db, plan.id)).map(async (t) => ({
      code: t.code,
      section: t.sectionCode ? { code: t.sectionCode, title: t.sectionTitle ?? "" } : null,
      name: t.name,
      expectedResult: t.expectedResult,
      lead: t.lead,
      coordinating: t.coordinating,
      deadline: t.deadlineRaw !== null && t.deadline ? { raw: t.deadlineRaw, parsed: t.deadline as Deadline } : null,
      basis: t.basis,
      needsReview: t.needsReview,
      reviewReasons: t.reviewReasons.map((r) => reviewReasonText(render, r)),
      line: t.sourceLine,
      assignedUnits: await assignedUnits(db, subjectKey("task", t.id)),
    })))),
    problems: plan.problems as ImportProblem[],
  };
}

export async function allCataloguesJson(db: Db, render: RenderMessage, planFilter?: string): Promise<CatalogueJson[]> {
  return (await listPlans(db))
    .filter((p) => !planFilter || p.number === planFilter || p.key === planFilter || p.number.toLowerCase().includes(planFilter.toLowerCase()))
    .reduce<Promise<CatalogueJson[]>>(async (acc, p) => [...(await acc), await catalogueJsonFromDatabase(db, p, render)], Promise.resolve([]));
}

async function assignedUnits(db: Db, key: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const r of await assignedUnitNames(db, key)) (out[r.role] ??= []).push(r.unit);
  return out;
}
