import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { changeUnitStanding, parseTrackFrom, setPlanTrackFrom, setProvinceTrackFrom, SetupError, standingChanges, type SetupActor } from "../services/unit-standing.ts";
import { importUnits, UnitFileError } from "../services/import-units.ts";
import { idSchema, sendForbidden, sendHtml, type ConsolePageKit } from "./console-page-kit.ts";
import { unitImportPage } from "./pages/unit-import-page.ts";
import type { ConsoleView } from "./console-view.ts";
import { confirmed, isRefusal, listOfRequest, listUploadBodyLimit } from "./list-upload.ts";

/**
 * Setting up the province from the console (coordinators and admins only: a unit head gets 403):
 * whether a unit owes reports (outside the province, deactivated) and from when each plan — and the
 * province — is tracked. Each change goes through the service the CLI uses (unit-standing.ts), with
 * its audit row, and redirects (303) to the page that shows it with ?done=.
 */
export function consoleSetupRoutes(pages: FastifyInstance, kit: ConsolePageKit): void {
  const { db, clock } = kit;

  pages.get("/console/units/import", async (req, reply) => {
    const view = req.consoleView!;
    if (view.unitIds !== null) return sendForbidden(kit, req, reply);
    return sendHtml(reply, unitImportPage(view));
  });

  // Without confirm: the preview (the import run and rolled back). With confirm=1: the import.
  pages.post("/console/units/import", async (req, reply) => await unitImport(kit, req, reply));
  const actorOf = (view: ConsoleView): SetupActor => ({ personId: view.person.id, name: view.person.name });
  const back = (reply: FastifyReply, path: string, done: string) => reply.code(303).header("location", `${path}?done=${done}`).send();

  pages.post("/console/units/:id/standing", async (req, reply) => {
    const view = req.consoleView!;
    if (view.unitIds !== null) return sendForbidden(kit, req, reply);
    const unitId = idSchema.safeParse((req.params as { id: string }).id);
    const change = z.object({ change: z.enum(standingChanges as [string, ...string[]]) }).safeParse(req.body);
    if (!unitId.success || !change.success) return kit.notFound(req, reply);
    try {
      await changeUnitStanding(db, unitId.data, change.data.change as (typeof standingChanges)[number], actorOf(view), clock.now());
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
      await setPlanTrackFrom(db, body.data.plan, date, actorOf(view), clock.now());
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
    await setProvinceTrackFrom(db, date, actorOf(view), clock.now());
    return back(reply, "/console/periods", "plan_saved");
  });
}

/** The unit list uploaded as a file (CSV or XLSX): registered in the console's multipart scope (consolePlanRoutes), previewed like the paste. */
export function unitFileRoutes(kit: ConsolePageKit): (upload: FastifyInstance) => void {
  return (upload) => upload.post("/console/units/import/file", { bodyLimit: listUploadBodyLimit }, async (req, reply) => await unitImport(kit, req, reply));
}

/** The preview (nothing saved) or, confirmed, the import of the list sent: pasted, uploaded, or kept since its preview. */
async function unitImport(kit: ConsolePageKit, req: FastifyRequest, reply: FastifyReply) {
  const view = req.consoleView!;
  if (view.unitIds !== null) return sendForbidden(kit, req, reply);
  const list = await listOfRequest(kit, req, view, "units.csv");
  if (isRefusal(list)) return sendHtml(reply, unitImportPage(view, { error: list.error || view.t("unit_import.empty") }), list.status);
  const dryRun = !confirmed(req);
  const actor: SetupActor = { personId: view.person.id, name: view.person.name };
  const result = await importUnits(kit.db, list.file, { now: kit.clock.now(), actor, dryRun }).catch((err: unknown) => {
    // The reader's own words (English) stay in the log; the page says it politely.
    if (err instanceof UnitFileError) return void req.log.info({ reason: err.reason, detail: err.message }, "unit import: unreadable list");
    throw err;
  });
  const shown = { ...(list.csv !== undefined ? { csv: list.csv } : {}), ...(list.upload !== undefined ? { upload: list.upload } : {}) };
  if (!result) return sendHtml(reply, unitImportPage(view, { csv: list.csv, error: view.t(list.upload ? "list_upload.unreadable" : "unit_import.unreadable") }), 400);
  if (dryRun || result.units.length === 0) return sendHtml(reply, unitImportPage(view, { ...shown, preview: result }));
  return reply.code(303).header("location", `/console/units?done=imported&n=${result.units.length}`).send();
}
