import { PassThrough } from "node:stream";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { exportPlanWorkbook, exportReportsCsv, ExportError } from "../services/export-reports.ts";
import { periodKeySchema, sendForbidden, sendHtml, type ConsolePageKit } from "./console-page-kit.ts";
import { exportsPage } from "./pages/exports-page.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The exports page and its files: a plan's workbook, the flat CSV, streamed as the read API streams them. Province-wide: coordinators and admins. */
export function consoleExportRoutes(pages: FastifyInstance, kit: ConsolePageKit): void {
  pages.get("/console/exports", async (req, reply) => sendHtml(reply, await exportsPage(kit.db, req.consoleView!, kit.periodOf(req, kit.thisYear()), kit.clock.now())));
  pages.get("/console/exports/:file", async (req, reply) => {
    const view = req.consoleView!;
    if (view.unitIds !== null) return sendForbidden(kit, req, reply);
    const file = (req.params as { file: string }).file;
    const period = periodKeySchema.safeParse((req.query as { period?: unknown }).period);
    const plan = z.string().min(1).max(100).optional().safeParse((req.query as { plan?: unknown }).plan);
    if (!period.success || !plan.success || (file !== "plan.xlsx" && file !== "reports.csv") || (file === "plan.xlsx" && !plan.data)) return kit.notFound(req, reply);
    const body = new PassThrough();
    const now = kit.clock.now();
    const request = { ...(plan.data ? { plan: plan.data } : {}), periodKey: period.data, now, locale: view.locale };
    const running = file === "plan.xlsx" ? exportPlanWorkbook(kit.db, kit.translator, { ...request, plan: plan.data! }, body) : exportReportsCsv(kit.db, kit.translator, request, body).then(() => body.end());
    running.catch((err: unknown) => {
      if (!(err instanceof ExportError)) req.log.error({ err }, "console export failed");
      body.destroy(err as Error);
    });
    const name = file === "plan.xlsx" ? `ke-hoach-${period.data}.xlsx` : `bao-cao-${period.data}.csv`;
    return reply
      .type(file === "plan.xlsx" ? XLSX : "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(body);
  });
}
