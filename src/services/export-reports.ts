import type { Message } from "../chat/types.ts";
import type { Writable } from "node:stream";
import type { Db } from "../../db/client.ts";
import { listPlans, type PlanRow } from "../../db/repositories/catalogue-repository.ts";
import { periodRange } from "../domain/period-range.ts";
import { exportLabels } from "../exports/export-labels.ts";
import { flatContext } from "../exports/flat-sheet.ts";
import { writePlanWorkbook, type PlanWorkbookOptions } from "../exports/plan-workbook.ts";
import { writeReportsCsv } from "../exports/reports-csv.ts";
import type { FlatContext } from "../exports/flat-columns.ts";
import type { Locale, Translator } from "../i18n/translator.ts";
import { AssignmentError, findPlan } from "./assignments.ts";
import { planExportData, planStatusChunks } from "./export-data.ts";
import type { UnitSummary } from "./reporting-status.ts";
import { completenessPicture } from "./report-charts.ts";

/** A request to refuse: `message` in English (the HTTP API's), `reason` the same as a message for the CLI to word. */
export class ExportError extends Error {
  override name = "ExportError";
  constructor(
    message: string,
    readonly reason?: Message,
  ) {
    super(message);
  }
}

export interface ExportRequest {
  /** The plan's number ("52/KH-UBND") or key; for the CSV, absent = every plan. */
  plan?: string;
  periodKey: string;
  now: Date;
  locale?: Locale;
  /** Only these units' rows (a unit head's export: the unit and its sub-units); absent: every unit. */
  unitIds?: number[] | null;
}

/** The workbook of one plan for one period (see src/exports/plan-workbook.ts), streamed into `out`. */
export async function exportPlanWorkbook(db: Db, translator: Translator, req: ExportRequest & { plan: string }, out: Writable, options: PlanWorkbookOptions = {}): Promise<{ plan: PlanRow; rows: number }> {
  checkPeriod(req.periodKey);
  const plan = await resolvePlan(db, req.plan);
  const data = await planExportData(db, plan, req.periodKey);
  const locale = req.locale ?? "vi";
  let rows = 0;
  const counted = async function* () {
    for await (const chunk of planStatusChunks(db, plan, req.periodKey, req.now, req.unitIds ?? null)) {
      rows += chunk.length;
      yield chunk;
    }
  };
  // The completeness chart beside the Tổng hợp table (the chat's /tonghop picture), at half its pixels.
  const summaryChart = options.summaryChart ?? (async (summary: readonly UnitSummary[]) => {
    const chart = await completenessPicture([...summary], req.periodKey, translator, locale);
    return { png: chart.png, width: chart.width / 2, height: chart.height / 2 };
  });
  await writePlanWorkbook(data, counted(), exportLabels(translator, locale), out, { ...options, summaryChart });
  return { plan, rows };
}

/** The flat rows of one plan, or every plan, for a period, as CSV: written a chunk of the read model at a time. */
export async function exportReportsCsv(db: Db, translator: Translator, req: ExportRequest, out: Writable): Promise<{ rows: number }> {
  checkPeriod(req.periodKey);
  const label = exportLabels(translator, req.locale ?? "vi");
  const plans = req.plan ? [await resolvePlan(db, req.plan)] : await listPlans(db);
  const contexts = new Map<number, FlatContext>();
  let rows = 0;
  const all = async function* () {
    for (const plan of plans) {
      const ctx = flatContext(await planExportData(db, plan, req.periodKey), label);
      contexts.set(plan.id, ctx);
      for await (const chunk of planStatusChunks(db, plan, req.periodKey, req.now)) {
        rows += chunk.length;
        yield chunk;
      }
      contexts.delete(plan.id);
    }
  };
  await writeReportsCsv(all(), { label, planName: (id) => contexts.get(id)?.planName(id) ?? "", sectionOf: (r) => contexts.get(r.planId)?.sectionOf(r) ?? "" }, out);
  return { rows };
}

/** Throws ExportError for a period or plan that does not exist, before anything is written. */
export async function checkExportRequest(db: Db, req: { plan?: string; periodKey: string }): Promise<void> {
  checkPeriod(req.periodKey);
  if (req.plan) await resolvePlan(db, req.plan);
}

function checkPeriod(key: string): void {
  if (!periodRange(key)) throw new ExportError(`"${key}" is not a period: use 2026-11 (month), 2026-Q4, 2026-H2, 2026-9M, 2026 (year) or once.`, { key: "cli.export.error.bad_period", params: { key } });
}

async function resolvePlan(db: Db, plan: string): Promise<PlanRow> {
  try {
    return await findPlan(db, plan);
  } catch (e) {
    throw new ExportError((e as Error).message, e instanceof AssignmentError ? e.reason : undefined);
  }
}
