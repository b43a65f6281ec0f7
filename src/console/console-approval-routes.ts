import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { inTransaction } from "../../db/client.ts";
import { approveAllShown, approveFigure, closePeriod, listWaitingFigures, PeriodError, PlanSettingError, reopenPeriod, returnFigure, setPlanApproval, setPlanLockDays, type Actor } from "../services/approvals.ts";
import { noticeReturnedFigure } from "../services/approval-notices.ts";
import { idSchema, periodKeySchema, sendForbidden, sendHtml, type ConsolePageKit } from "./console-page-kit.ts";
import type { ConsoleView } from "./console-view.ts";
import { APPROVALS_PAGE_SIZE, approvalsPage, approveAllConfirmPage, periodsPage } from "./pages/approvals-page.ts";

/** Who may approve in the console: unit heads (their unit and below), coordinators and admins (all). */
export function canApprove(view: Pick<ConsoleView, "person" | "unitIds">): boolean {
  return view.unitIds === null || view.person.roles.includes("unit_head");
}

const decision = z.object({ reportId: idSchema, revision: z.coerce.number().int().min(0) });
const figureRef = z.string().regex(/^\d+:\d+$/).transform((s) => { const [reportId, revision] = s.split(":").map(Number); return { reportId: reportId!, revision: revision! }; });

/**
 * The approvals page and its decisions, and the lock and approval settings (coordinators, admins):
 * every decision and change goes through the services chat and the CLI use (approvals.ts,
 * periods.ts), so the audit rows and the focal point's returned notice are the same.
 */
export function consoleApprovalRoutes(pages: FastifyInstance, kit: ConsolePageKit & { sessionTtlMinutes: number }): void {
  const { db, clock, translator } = kit;
  const actorOf = (view: ConsoleView): Actor => ({ personId: view.person.id, name: view.person.name });
  const back = (reply: FastifyReply, path: string, done: string, n?: number) => reply.code(303).header("location", `${path}?done=${done}${n !== undefined ? `&n=${n}` : ""}`).send();
  /** A decision's outcome: another unit's figure answers 403, an unknown one 404 (the page with the reason); the rest redirect. */
  const decided = async (reply: FastifyReply, view: ConsoleView, status: string, n?: number) =>
    status === "not_allowed" || status === "not_found" ? sendHtml(reply, await approvalsPage(db, view, { done: status }), status === "not_allowed" ? 403 : 404) : back(reply, "/console/approvals", status, n);
  const guard = (req: FastifyRequest, reply: FastifyReply, province: boolean) => {
    const view = req.consoleView!;
    if (province ? view.unitIds !== null : !canApprove(view)) {
      sendForbidden(kit, req, reply);
      return undefined;
    }
    return view;
  };
  const query = (req: FastifyRequest) => req.query as { done?: string; n?: string; page?: string };

  pages.get("/console/approvals", async (req, reply) => {
    const view = guard(req, reply, false);
    return view && sendHtml(reply, await approvalsPage(db, view, query(req)));
  });

  pages.post("/console/approvals/approve", async (req, reply) => {
    const view = guard(req, reply, false);
    if (!view) return;
    const d = decision.safeParse(req.body);
    if (!d.success) return decided(reply, view, "not_found");
    const outcome = await approveFigure(db, { ...d.data, actor: actorOf(view), unitIds: view.unitIds, now: clock.now() });
    return decided(reply, view, outcome.status, 1);
  });

  pages.post("/console/approvals/return", async (req, reply) => {
    const view = guard(req, reply, false);
    if (!view) return;
    const d = decision.extend({ reason: z.string().trim().min(1).max(500) }).safeParse(req.body);
    if (!d.success) return decision.safeParse(req.body).success ? back(reply, "/console/approvals", "reason_required") : decided(reply, view, "not_found");
    const now = clock.now();
    // As chat does: the figure as the head saw it, then the return, then the sender's notice in the outbox.
    const outcome = await inTransaction(db, async () => {
      const figure = (await listWaitingFigures(db, view.unitIds)).find((w) => w.reportId === d.data.reportId);
      const o = await returnFigure(db, { ...d.data, actor: actorOf(view), unitIds: view.unitIds, now });
      if (o.status === "returned" && figure) {
        await noticeReturnedFigure(db, { figure, reporterPersonId: o.reporterPersonId, headName: view.person.name, reason: d.data.reason, now, ttlMs: kit.sessionTtlMinutes * 60_000 });
      }
      return o;
    });
    return decided(reply, view, outcome.status);
  });

  pages.post("/console/approvals/approve-all", async (req, reply) => {
    const view = guard(req, reply, false);
    if (!view) return;
    const body = z.object({ f: z.union([figureRef, z.array(figureRef).max(APPROVALS_PAGE_SIZE)]).optional(), confirm: z.literal("1").optional() }).safeParse(req.body);
    if (!body.success) return back(reply, "/console/approvals", "not_found");
    const figures = body.data.f === undefined ? [] : Array.isArray(body.data.f) ? body.data.f : [body.data.f];
    if (!body.data.confirm) return sendHtml(reply, approveAllConfirmPage(view, figures));
    const r = await approveAllShown(db, { figures, actor: actorOf(view), unitIds: view.unitIds, now: clock.now() });
    return back(reply, "/console/approvals", r.skipped ? "stale" : "approved_all", r.approved);
  });

  pages.get("/console/periods", async (req, reply) => {
    const view = guard(req, reply, true);
    return view && sendHtml(reply, await periodsPage(db, view, clock.now(), query(req)));
  });

  pages.post("/console/periods/:key/:action", async (req, reply) => {
    const view = guard(req, reply, true);
    if (!view) return;
    const p = z.object({ key: periodKeySchema, action: z.enum(["close", "reopen"]) }).safeParse(req.params);
    if (!p.success) return kit.notFound(req, reply);
    try {
      await (p.data.action === "close" ? closePeriod : reopenPeriod)(db, p.data.key, actorOf(view), clock.now());
    } catch (err) {
      if (err instanceof PeriodError) return kit.notFound(req, reply);
      throw err;
    }
    return back(reply, "/console/periods", p.data.action === "close" ? "closed" : "reopened");
  });

  pages.post("/console/plans/:setting", async (req, reply) => {
    const view = guard(req, reply, true);
    if (!view) return;
    const p = z.object({ setting: z.enum(["approval", "lock-days"]) }).safeParse(req.params);
    const body = req.body as { plan?: string; on?: string; days?: string } | undefined;
    if (!p.success || typeof body?.plan !== "string") return kit.notFound(req, reply);
    try {
      if (p.data.setting === "approval") await setPlanApproval(db, body.plan, body?.on === "1", actorOf(view), clock.now());
      else await setPlanLockDays(db, body.plan, body.days === undefined || body.days === "" ? NaN : Number(body.days), actorOf(view), clock.now());
    } catch (err) {
      if (!(err instanceof PlanSettingError)) throw err;
      return back(reply, "/console/periods", p.data.setting === "approval" ? "not_found" : "bad_days");
    }
    return back(reply, "/console/periods", "plan_saved");
  });
}
