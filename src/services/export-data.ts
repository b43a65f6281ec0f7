import type { Db } from "../../db/client.ts";
import { planIndicators, planTasks, type IndicatorRow, type PlanRow, type TaskRow } from "../../db/repositories/catalogue-repository.ts";
import { planTablesOf } from "../../db/repositories/plan-layout-repository.ts";
import { planItemsOf, targetsOfPlan } from "../../db/repositories/reporting-status-repository.ts";
import { listUnits } from "../../db/repositories/units-repository.ts";
import type { ImportedTableLayout, LayoutRow } from "../importers/types.ts";
import type { Target } from "../domain/types.ts";
import { reportingStatus, summariseByUnit, type StatusQuery, type StatusRow, type UnitSummary } from "./reporting-status.ts";

/** An appendix table as the plan lays it out: the importer's layout, stored in plan_tables. */
export type ExportTable = ImportedTableLayout;

/** Everything one plan's workbook for one period shows, read once. */
export interface PlanExportData {
  plan: PlanRow;
  periodKey: string;
  tables: ExportTable[];
  indicators: Map<string, IndicatorRow & { targets: { year: number; level: string; raw: string; parsed: Target }[] }>;
  tasks: Map<string, TaskRow>;
  rows: StatusRow[];
  summary: UnitSummary[];
}

/** The plan's layout, catalogue and reporting status for a period, as the exports need them; `unitIds`: only these units' rows. */
export async function planExportData(db: Db, plan: PlanRow, periodKey: string, now: Date, unitIds: number[] | null = null): Promise<PlanExportData> {
  const targets = new Map<number, { year: number; level: string; raw: string; parsed: Target }[]>();
  for (const t of await targetsOfPlan(db, plan.id)) (targets.get(t.indicatorId) ?? targets.set(t.indicatorId, []).get(t.indicatorId)!).push({ year: t.year, level: t.level, raw: t.raw, parsed: JSON.parse(t.parsed) as Target });
  const rows = await reportingStatusByUnitGroups(db, { periodKey, planId: plan.id, unitIds, now });
  return {
    plan,
    periodKey,
    tables: (await planTablesOf(db, plan.id)).map((t) => ({ kind: t.kind, appendix: t.appendix, title: t.title, headers: t.headers, columns: t.columns, rows: t.rows as LayoutRow[] })),
    indicators: new Map((await planIndicators(db, plan.id)).map((i) => [i.code, { ...i, targets: targets.get(i.id) ?? [] }])),
    tasks: new Map((await planTasks(db, plan.id)).map((t) => [t.code, t])),
    rows,
    summary: summariseByUnit(rows),
  };
}

// ---- Export only: the read model read a few units at a time (issue 13's province-year benchmark) ----

const vietnamese = new Intl.Collator("vi");
const UNITS_PER_READ = 5;

/**
 * The read model's rows, exactly as reportingStatus returns them (same rows, same order), read five
 * units at a time: its working memory (the query results and lookups behind the rows) is then a
 * group's, not the whole province's — a province-year's peak is ~30 MB lower. Groups are runs of
 * units in the read model's own unit order (Vietnamese name, then id), so merging them item by item
 * in document order gives its order back.
 */
export async function reportingStatusByUnitGroups(db: Db, q: StatusQuery & { planId: number }): Promise<StatusRow[]> {
  const wanted = q.unitIds ? new Set(q.unitIds) : null;
  const units = (await listUnits(db))
    .filter((u) => !wanted || wanted.has(u.id))
    .sort((a, b) => vietnamese.compare(a.name, b.name) || a.id - b.id)
    .map((u) => u.id);
  if (units.length <= UNITS_PER_READ) return await reportingStatus(db, q);
  const groups: StatusRow[][] = [];
  for (let i = 0; i < units.length; i += UNITS_PER_READ) groups.push(await reportingStatus(db, { ...q, unitIds: units.slice(i, i + UNITS_PER_READ) }));
  const at = groups.map(() => 0);
  const rows: StatusRow[] = [];
  for (const item of await planItemsOf(db, q.planId)) {
    for (const [g, group] of groups.entries()) {
      let n = at[g]!;
      while (n < group.length && group[n]!.subjectKey === item.subjectKey) rows.push(group[n++]!);
      at[g] = n;
    }
  }
  if (rows.length !== groups.reduce((n, g) => n + g.length, 0)) throw new Error("reportingStatusByUnitGroups: rows outside the plan's items");
  return rows;
}
