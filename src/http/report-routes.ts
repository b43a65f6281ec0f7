import { PassThrough } from "node:stream";
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import { reportHistory } from "../../db/repositories/reporting-status-repository.ts";
import { findUnitById } from "../../db/repositories/units-repository.ts";
import { findPlan } from "../services/assignments.ts";
import { exportPlanWorkbook, exportReportsCsv } from "../services/export-reports.ts";
import { reportingStatus, summaryByUnit, type StatusRow, type UnitSummary } from "../services/reporting-status.ts";
import { findUnitByName } from "../services/unit-directory.ts";
import { openApiDocument, type ApiRoute } from "./openapi-document.ts";
import {
  csvExportQuery,
  errorBody,
  planExportQuery,
  reportIdParams,
  reportsQuery,
  reportsResponse,
  revisionsResponse,
  summaryQuery,
  summaryResponse,
  type reportRowJson,
} from "./report-schemas.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** What the read API declares: served as /api/openapi.json, and each route's Fastify schema. */
export const reportApiRoutes: ApiRoute[] = [
  { method: "GET", url: "/reports", summary: "Reporting status rows (item, unit, period), paged", querystring: reportsQuery, response: reportsResponse },
  { method: "GET", url: "/reports/:id/revisions", summary: "A report's history: every revision, who, when, over which channel, with its evidence", params: reportIdParams, response: revisionsResponse },
  { method: "GET", url: "/summary", summary: "Completeness and timeliness by unit for a period", querystring: summaryQuery, response: summaryResponse },
  { method: "GET", url: "/exports/plan.xlsx", summary: "One plan's workbook for a period: its tables in its own layout, Tổng hợp, Nhiệm vụ, flat sheet", querystring: planExportQuery, file: XLSX },
  { method: "GET", url: "/exports/reports.csv", summary: "The flat rows (one per item, unit and period) as CSV", querystring: csvExportQuery, file: "text/csv" },
];

/**
 * The read API (behind the admin token, registered inside adminRoutes): the reporting-status read
 * model as JSON, the history of a report, the summary by unit, the exports, and the OpenAPI
 * document of these routes. Requests are validated by their zod schemas (declared as JSON Schema
 * for Fastify and the document); responses are written as the handlers build them.
 */
export const reportRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  const zodOf = new WeakMap<object, z.ZodType>();
  app.setValidatorCompiler(({ schema }) => {
    const zod = zodOf.get(schema);
    return (data: unknown) => {
      if (!zod) return { value: data };
      const parsed = zod.safeParse(data);
      return parsed.success ? { value: parsed.data } : { error: new Error(parsed.error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ")) };
    };
  });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const schemaOf = (route: ApiRoute) => {
    const declare = (zod: z.ZodType | undefined) => {
      if (!zod) return undefined;
      const json = z.toJSONSchema(zod, { io: "input" }) as object;
      zodOf.set(json, zod);
      return json;
    };
    return {
      summary: route.summary,
      ...(route.querystring ? { querystring: declare(route.querystring) } : {}),
      ...(route.params ? { params: declare(route.params) } : {}),
      response: { 200: route.response ? z.toJSONSchema(route.response) : { type: "string", format: "binary" }, "4xx": z.toJSONSchema(errorBody) },
    };
  };
  const [reports, revisions, summary, planXlsx, reportsCsv] = reportApiRoutes.map(schemaOf);

  app.get("/reports", { schema: reports! }, async (req, reply) => {
    const q = req.query as z.infer<typeof reportsQuery>;
    const plan = await planOf(deps, q.plan, reply);
    if (plan === null) return reply;
    const unitIds = q.unit ? await unitOf(deps, q.unit) : null;
    if (unitIds === undefined) return reply.code(404).send({ error: "not_found", message: `No unit "${q.unit}". npm run -s cli -- units list shows the units.` });
    const rows = (await reportingStatus(deps.db, { periodKey: q.period, planId: plan, unitIds, now: deps.clock.now() })).filter((r) => matchesStatus(r, q.status));
    const numbers = new Map((await listPlans(deps.db)).map((p) => [p.id, p.number || p.title || p.key]));
    const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    return { period: q.period, page: q.page, pageSize: q.pageSize, total: rows.length, rows: page.map((r) => rowJson(r, numbers.get(r.planId) ?? "")) };
  });

  app.get("/reports/:id/revisions", { schema: revisions! }, async (req, reply) => {
    const { id } = req.params as z.infer<typeof reportIdParams>;
    const history = await reportHistory(deps.db, id);
    if (!history) return reply.code(404).send({ error: "not_found", message: `No report ${id}. GET /api/reports?period=… lists report ids.` });
    return {
      report: { id: history.report.id, subjectKey: history.report.subjectKey, unit: { id: history.report.unitId, name: history.report.unitName }, period: history.report.periodKey },
      revisions: history.revisions.map((r) => ({
        revision: r.revision,
        value: { number: r.valueNumber, text: r.valueText, taskStatus: r.taskStatus, note: r.note },
        by: r.personName,
        channel: r.channel,
        at: new Date(r.createdAt).toISOString(),
        evidence: r.evidence,
      })),
    };
  });

  app.get("/summary", { schema: summary! }, async (req, reply) => {
    const q = req.query as z.infer<typeof summaryQuery>;
    const plan = await planOf(deps, q.plan, reply);
    if (plan === null) return reply;
    const units = await summaryByUnit(deps.db, { periodKey: q.period, planId: plan, now: deps.clock.now() });
    const total = units.reduce((t, u) => ({ ...t, expected: t.expected + u.expected, submitted: t.submitted + u.submitted, reported: t.reported + u.reported, onTime: t.onTime + u.onTime, late: t.late + u.late, overdue: t.overdue + u.overdue, met: t.met + u.met, notMet: t.notMet + u.notMet }), {
      unitId: 0,
      unitName: "",
      expected: 0,
      submitted: 0,
      reported: 0,
      onTime: 0,
      late: 0,
      overdue: 0,
      met: 0,
      notMet: 0,
    } as UnitSummary);
    const { unitId: _, unitName: __, ...totals } = withRatios(total);
    return { period: q.period, units: units.map(withRatios), total: totals };
  });

  app.get("/exports/plan.xlsx", { schema: planXlsx! }, async (req, reply) => {
    const q = req.query as z.infer<typeof planExportQuery>;
    const plan = await planOf(deps, q.plan, reply);
    if (plan === null) return reply;
    const body = new PassThrough();
    const base = deps.config.PUBLIC_URL?.replace(/\/$/, "");
    exportPlanWorkbook(deps.db, deps.translator, { plan: q.plan, periodKey: q.period, now: deps.clock.now() }, body, base ? { evidenceLink: (id) => `${base}/api/reports/${id}/revisions` } : {}).catch((err: unknown) => {
      req.log.error({ err }, "plan workbook export failed");
      body.destroy(err as Error);
    });
    return reply.type(XLSX).header("content-disposition", attachment(`ke-hoach-${q.period}.xlsx`)).send(body);
  });

  app.get("/exports/reports.csv", { schema: reportsCsv! }, async (req, reply) => {
    const q = req.query as z.infer<typeof csvExportQuery>;
    if (await planOf(deps, q.plan, reply) === null) return reply;
    const body = new PassThrough();
    exportReportsCsv(deps.db, deps.translator, { ...(q.plan ? { plan: q.plan } : {}), periodKey: q.period, now: deps.clock.now() }, body)
      .then(() => body.end())
      .catch((err: unknown) => {
        req.log.error({ err }, "CSV export failed");
        body.destroy(err as Error);
      });
    return reply.type("text/csv; charset=utf-8").header("content-disposition", attachment(`bao-cao-${q.period}.csv`)).send(body);
  });

  app.get("/openapi.json", async () => openApiDocument(reportApiRoutes, "/api"));
};

/** The plan's id; undefined for "every plan"; null when the reply already says it does not exist. */
async function planOf(deps: AppDeps, plan: string | undefined, reply: FastifyReply): Promise<number | undefined | null> {
  if (!plan) return undefined;
  try {
    return (await findPlan(deps.db, plan)).id;
  } catch (e) {
    void reply.code(404).send({ error: "not_found", message: (e as Error).message });
    return null;
  }
}

async function unitOf(deps: AppDeps, unit: string): Promise<number[] | undefined> {
  const found = /^\d+$/.test(unit) ? await findUnitById(deps.db, Number(unit)) : await findUnitByName(deps.db, unit);
  return found ? [found.id] : undefined;
}

function matchesStatus(r: StatusRow, status: z.infer<typeof reportsQuery>["status"]): boolean {
  switch (status) {
    case undefined:
      return true;
    case "expected":
      return r.expected;
    case "reported":
      return r.reported;
    case "not_reported":
      return r.expected && !r.reported;
    case "on_time":
      return r.state === "reported_on_time";
    case "late":
      return r.state === "reported_late";
    case "overdue":
    case "due_soon":
    case "not_due":
      return r.expected && r.state === status;
  }
}

function rowJson(r: StatusRow, planNumber: string): z.infer<typeof reportRowJson> {
  const a = r.achievement;
  return {
    reportId: r.report?.id ?? null,
    plan: { id: r.planId, number: planNumber },
    subject: { type: r.subjectType, id: r.subjectId, code: r.code, number: r.printedNumber, name: r.name, unitOfMeasure: r.unitOfMeasure },
    unit: { id: r.unitId, name: r.unitName },
    role: r.role,
    period: r.periodKey,
    dueAt: r.dueAt.getTime() > 8e15 ? null : r.dueAt.toISOString(),
    expected: r.expected,
    state: r.state,
    submitted: r.submitted,
    reported: r.reported,
    figureStatus: r.figureStatus,
    returnReason: r.returnReason,
    onTime: r.onTime,
    value: r.report ? { number: r.report.valueNumber, text: r.report.valueText, taskStatus: r.report.taskStatus, note: r.report.note } : null,
    reportedBy: r.report?.reporterName ?? null,
    channel: r.report?.channel ?? null,
    firstReportedAt: r.report ? r.report.firstAt.toISOString() : null,
    reportedAt: r.report ? r.report.at.toISOString() : null,
    revisions: r.report?.revisions ?? 0,
    evidence: r.report ? { count: r.report.evidence.count, name: r.report.evidence.name } : null,
    target: r.target ? { year: r.target.year, raw: r.target.raw } : null,
    achievement: a ? { label: r.achievementLabel, margin: a.status === "na" ? null : (a.margin ?? null), ratio: a.status === "na" ? null : (a.ratio ?? null) } : null,
  };
}

function withRatios(s: UnitSummary) {
  return { ...s, completeness: s.expected ? s.reported / s.expected : null, timeliness: s.reported ? s.onTime / s.reported : null };
}

/** A Content-Disposition that keeps a Vietnamese file name (RFC 6266). */
function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
