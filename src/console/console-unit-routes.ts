import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { writeAudit } from "../../db/repositories/audit-repository.ts";
import { findUnitById } from "../../db/repositories/units-repository.ts";
import { addUnit, addUnitAliasByName, moveUnit, renameUnit, UnitChangeError } from "../services/manage-units.ts";
import { idSchema, provinceReader, redirectWithNotice, type ConsolePageKit } from "./console-page-kit.ts";
import type { ConsoleView } from "./console-view.ts";

const nameSchema = z.string().trim().max(300);

/**
 * Changing the organisation tree from the console (coordinators and admins; a unit head gets 403):
 * add a unit (a commune the plans do not name) under a parent, rename it (the old name stays an
 * alias), give it another name (merging a spelling into it), move it under another parent. Each
 * goes through the service `units add|rename|alias add|move` uses, is audited, and redirects (303)
 * with ?done= — or ?error=<reason>&value=, the refusal the unit page words.
 */
export function consoleUnitRoutes(pages: FastifyInstance, kit: ConsolePageKit): void {
  const { db, clock } = kit;

  const audit = async (view: ConsoleView, action: string, unitId: number, details: Record<string, unknown>) =>
    writeAudit(db, { at: clock.now(), actorPersonId: view.person.id, actor: view.person.name, action, entity: "unit", entityId: String(unitId), details });
  const attempt = async (reply: FastifyReply, path: string, change: () => Promise<FastifyReply>) => {
    try {
      return await change();
    } catch (err) {
      if (err instanceof UnitChangeError) return redirectWithNotice(reply, path, { error: err.reason, value: err.value });
      throw err;
    }
  };
  const unitOf = async (req: FastifyRequest) => {
    const id = idSchema.safeParse((req.params as { id: string }).id);
    return id.success ? await findUnitById(db, id.data) : undefined;
  };

  pages.post("/console/units", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    const body = z.object({ name: nameSchema, parent: nameSchema.default(""), kind: z.string().trim().max(40).default("") }).safeParse(req.body);
    if (!body.success || body.data.name === "") return redirectWithNotice(reply, "/console/units", { error: "no_name" });
    const { name, parent, kind } = body.data;
    return attempt(reply, "/console/units", async () => {
      const added = await addUnit(db, { name, ...(parent ? { parent } : {}), ...(kind ? { kind } : {}) }, clock.now());
      await audit(view, "unit.add", added.unit.id, { name: added.unit.name, parent: parent || null, kind: added.unit.kind, assignments: added.assignments });
      return redirectWithNotice(reply, `/console/units/${added.unit.id}`, { done: "added" });
    });
  });

  pages.post("/console/units/:id/rename", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    const unit = await unitOf(req);
    const body = z.object({ name: nameSchema }).safeParse(req.body);
    if (!unit || !body.success) return kit.notFound(req, reply);
    const path = `/console/units/${unit.id}`;
    if (body.data.name === "") return redirectWithNotice(reply, path, { error: "no_name" });
    return attempt(reply, path, async () => {
      const renamed = await renameUnit(db, unit.name, body.data.name);
      await audit(view, "unit.rename", unit.id, { from: renamed.previous, to: renamed.unit.name });
      return redirectWithNotice(reply, path, { done: "renamed" });
    });
  });

  pages.post("/console/units/:id/alias", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    const unit = await unitOf(req);
    const body = z.object({ alias: nameSchema }).safeParse(req.body);
    if (!unit || !body.success) return kit.notFound(req, reply);
    const path = `/console/units/${unit.id}`;
    if (body.data.alias === "") return redirectWithNotice(reply, path, { error: "no_name" });
    return attempt(reply, path, async () => {
      await addUnitAliasByName(db, unit.name, body.data.alias);
      await audit(view, "unit.alias", unit.id, { alias: body.data.alias });
      return redirectWithNotice(reply, path, { done: "alias_added" });
    });
  });

  pages.post("/console/units/:id/move", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    const unit = await unitOf(req);
    const body = z.object({ parent: nameSchema.default("") }).safeParse(req.body);
    if (!unit || !body.success) return kit.notFound(req, reply);
    const path = `/console/units/${unit.id}`;
    return attempt(reply, path, async () => {
      const moved = await moveUnit(db, unit.name, body.data.parent || undefined);
      await audit(view, "unit.move", unit.id, { parent: moved.parent?.name ?? null });
      return redirectWithNotice(reply, path, { done: "moved" });
    });
  });
}
