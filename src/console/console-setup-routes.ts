import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { changeUnitStanding, parseTrackFrom, setPlanTrackFrom, setProvinceTrackFrom, SetupError, standingChanges, type SetupActor } from "../services/unit-standing.ts";
import { idSchema, sendForbidden, type ConsolePageKit } from "./console-page-kit.ts";
import type { ConsoleView } from "./console-view.ts";

/**
 * Setting up the province from the console (coordinators and admins only: a unit head gets 403):
 * whether a unit owes reports (outside the province, deactivated) and from when each plan — and the
 * province — is tracked. Each change goes through the service the CLI uses (unit-standing.ts), with
 * its audit row, and redirects (303) to the page that shows it with ?done=.
 */
export function consoleSetupRoutes(pages: FastifyInstance, kit: ConsolePageKit): void {
  const { db, clock } = kit;
  const actorOf = (view: ConsoleView): SetupActor => ({ personId: view.person.id, name: view.person.name });
  const back = (reply: FastifyReply, path: string, done: string) => reply.code(303).header("location", `${path}?done=${done}`).send();

  pages.post("/console/units/:id/standing", async (req, reply) => {
    const view = req.consoleView!;
    if (view.unitIds !== null) return sendForbidden(kit, req, reply);
    const unitId = idSchema.safeParse((req.params as { id: string }).id);
    const change = z.object({ change: z.enum(standingChanges as [string, ...string[]]) }).safeParse(req.body);
    if (!unitId.success || !change.success) return kit.notFound(req, reply);
    try {
      changeUnitStanding(db, unitId.data, change.data.change as (typeof standingChanges)[number], actorOf(view), clock.now());
    } catch (err) {
      if (err instanceof SetupError) return kit.notFound(req, reply);
      throw err;
    }
    return back(reply, `/console/units/${unitId.data}`, change.data.change);
  });

  pages.post("/console/plans/track-from", async (req, reply) => {
    const view = req.consoleView!;
    if (view.unitIds !== null) return sendForbidden(kit, req, reply);
    const body = z.object({ plan: z.string().min(1).max(200), date: z.string().max(20).default("") }).safeParse(req.body);
    if (!body.success) return kit.notFound(req, reply);
    const date = parseTrackFrom(body.data.date);
    if (date === undefined) return back(reply, "/console/periods", "bad_date");
    try {
      setPlanTrackFrom(db, body.data.plan, date, actorOf(view), clock.now());
    } catch (err) {
      if (err instanceof SetupError) return back(reply, "/console/periods", "not_found");
      throw err;
    }
    return back(reply, "/console/periods", "plan_saved");
  });

  pages.post("/console/province/track-from", async (req, reply) => {
    const view = req.consoleView!;
    if (view.unitIds !== null) return sendForbidden(kit, req, reply);
    const body = z.object({ date: z.string().max(20).default("") }).safeParse(req.body);
    const date = body.success ? parseTrackFrom(body.data.date) : undefined;
    if (date === undefined) return back(reply, "/console/periods", "bad_date");
    setProvinceTrackFrom(db, date, actorOf(view), clock.now());
    return back(reply, "/console/periods", "plan_saved");
  });
}
