import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Audience } from "../chat/context.ts";
import { periodRange } from "../domain/period-range.ts";
import { roles } from "../domain/roles.ts";
import { nextAllowedInstant } from "../domain/working-calendar.ts";
import { previewAudience } from "../services/broadcast-audience.ts";
import { broadcastStatus, startBroadcast } from "../services/broadcasts.ts";
import { calendarOfConfig } from "../services/calendar-of-config.ts";
import { idSchema, periodKeySchema, sendForbidden, sendHtml, type ConsolePageKit } from "./console-page-kit.ts";
import { broadcastsPage, type BroadcastDraft } from "./pages/broadcasts-page.ts";

/**
 * The broadcasts page's routes (coordinators and admins): compose, preview, send — the same audiences,
 * preview and start as /nhac and POST /api/broadcasts — and the progress JSON the page polls.
 */
export function consoleBroadcastRoutes(pages: FastifyInstance, kit: ConsolePageKit): void {
  const refuseUnlessProvince = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.consoleView!.canBroadcast) await sendForbidden(kit, req, reply);
  };
  pages.get("/console/broadcasts", { preHandler: refuseUnlessProvince }, async (req, reply) => {
    const follow = idSchema.safeParse((req.query as { follow?: unknown }).follow);
    return sendHtml(reply, await broadcastsPage(kit.db, req.consoleView!, kit.clock.now(), follow.success ? { followId: follow.data } : {}));
  });
  pages.post("/console/broadcasts/preview", { preHandler: refuseUnlessProvince }, async (req, reply) => {
    const view = req.consoleView!;
    const draft = draftOf(req.body);
    if (!draft) return sendHtml(reply, await broadcastsPage(kit.db, view, kit.clock.now(), { error: view.t("broadcasts.invalid") }), 400);
    return sendHtml(reply, await broadcastsPage(kit.db, view, kit.clock.now(), { draft, preview: await previewAudience(kit.db, draft.audience) }));
  });
  pages.post("/console/broadcasts", { preHandler: refuseUnlessProvince }, async (req, reply) => {
    const view = req.consoleView!;
    const draft = draftOf(req.body);
    if (!draft) return sendHtml(reply, await broadcastsPage(kit.db, view, kit.clock.now(), { error: view.t("broadcasts.invalid") }), 400);
    const preview = await previewAudience(kit.db, draft.audience);
    if (preview.linked === 0) return sendHtml(reply, await broadcastsPage(kit.db, view, kit.clock.now(), { draft, preview, error: view.m({ key: "broadcast.nobody", params: { people: preview.people } }) }), 422);
    const now = kit.clock.now();
    const started = await startBroadcast(kit.db, { audience: draft.audience, text: draft.text, source: "chat", createdByPersonId: view.person.id, notBefore: draft.urgent ? now : nextAllowedInstant(now, calendarOfConfig(kit.config)) }, now);
    return reply.code(303).header("location", `/console/broadcasts?follow=${started.id}`).send();
  });
  pages.get("/console/broadcasts/:id.json", { preHandler: refuseUnlessProvince }, async (req, reply) => {
    const broadcastId = idSchema.safeParse((req.params as { id: string }).id);
    const status = broadcastId.success ? await broadcastStatus(kit.db, broadcastId.data) : undefined;
    if (!status) return reply.code(404).send({ error: "not_found" });
    const view = req.consoleView!;
    const done = status.delivered + status.failed + status.blocked;
    return { ...status, done, text: undefined, line: view.t("broadcasts.progress_line", { done, total: done + status.pending, delivered: status.delivered, failed: status.failed, blocked: status.blocked, status: view.t(`broadcasts.status.${status.status}`) }) };
  });
}

/** The compose form as a broadcast draft; undefined when a field is missing or wrong. */
function draftOf(body: unknown): BroadcastDraft | undefined {
  const form = z
    .object({
      audience: z.enum(["all", "not_reported", "unit", "role"]),
      period: z.string().optional(),
      unitId: z.coerce.number().int().positive().optional(),
      role: z.enum(roles).optional(),
      text: z.string().trim().min(1).max(1000),
      urgent: z.literal("1").optional(),
    })
    .safeParse(body);
  if (!form.success) return undefined;
  const f = form.data;
  let audience: Audience;
  if (f.audience === "not_reported") {
    if (!f.period || !periodKeySchema.safeParse(f.period).success || !periodRange(f.period)) return undefined;
    audience = { type: "not_reported", periodKey: f.period };
  } else if (f.audience === "unit") {
    if (!f.unitId) return undefined;
    audience = { type: "unit", unitId: f.unitId };
  } else if (f.audience === "role") {
    if (!f.role) return undefined;
    audience = { type: "role", role: f.role };
  } else audience = { type: "all" };
  return { audience, text: f.text, urgent: f.urgent === "1" };
}
