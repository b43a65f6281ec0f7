import type { Db } from "../../db/client.ts";
import { planIndicators, planTasks, type IndicatorRow, type PlanRow, type TaskRow } from "../../db/repositories/catalogue-repository.ts";
import { planTablesOf } from "../../db/repositories/plan-layout-repository.ts";
import { targetsOfPlan } from "../../db/repositories/reporting-status-repository.ts";
import type { ImportedTableLayout, LayoutRow } from "../importers/types.ts";
import type { Target } from "../domain/types.ts";
import { reportingStatusInChunks, type StatusRow } from "./reporting-status.ts";

/** An appendix table as the plan lays it out: the importer's layout, stored in plan_tables. */
export type ExportTable = ImportedTableLayout;

/** The catalogue side of one plan's exports for one period: its layout and items, read once (the rows come in chunks: planStatusChunks). */
export interface PlanExportData {
  plan: PlanRow;
  periodKey: string;
  tables: ExportTable[];
  indicators: Map<string, IndicatorRow & { targets: { year: number; level: string; raw: string; parsed: Target }[] }>;
  tasks: Map<string, TaskRow>;
}

/** The plan's layout and catalogue, as the exports need them. */
export async function planExportData(db: Db, plan: PlanRow, periodKey: string): Promise<PlanExportData> {
  const targets = new Map<number, { year: number; level: string; raw: string; parsed: Target }[]>();
  for (const t of await targetsOfPlan(db, plan.id)) (targets.get(t.indicatorId) ?? targets.set(t.indicatorId, []).get(t.indicatorId)!).push({ year: t.year, level: t.level, raw: t.raw, parsed: JSON.parse(t.parsed) as Target });
  return {
    plan,
    periodKey,
    tables: (await planTablesOf(db, plan.id)).map((t) => ({ kind: t.kind, appendix: t.appendix, title: t.title, headers: t.headers, columns: t.columns, rows: t.rows as LayoutRow[] })),
    indicators: new Map((await planIndicators(db, plan.id)).map((i) => [i.code, { ...i, targets: targets.get(i.id) ?? [] }])),
    tasks: new Map((await planTasks(db, plan.id)).map((t) => [t.code, t])),
  };
}

/** The plan's read-model rows for the period, a few items at a time (reportingStatusInChunks); `unitIds`: only these units' rows. */
export function planStatusChunks(db: Db, plan: PlanRow, periodKey: string, now: Date, unitIds: number[] | null = null): AsyncGenerator<StatusRow[]> {
  return reportingStatusInChunks(db, { periodKey, planId: plan.id, unitIds, now });
}
