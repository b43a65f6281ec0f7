import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { writeAudit } from "../../db/repositories/audit-repository.ts";
import { listUnits } from "../../db/repositories/units-repository.ts";
import { roles as allRoles } from "../domain/roles.ts";
import { AssignmentError } from "../services/assignments.ts";
import { importPeople, PeopleFileError } from "../services/import-people.ts";
import { reissueInvitation, revokeInvitation, telegramDeepLink } from "../services/invitations.ts";
import { addPerson, changeRoles, editPerson, PersonChangeError, setPersonActive } from "../services/manage-people.ts";
import { peopleDirectory, type DirectoryPerson } from "../services/people-directory.ts";
import { sendInvitationByChat } from "../services/send-invitation.ts";
import { idSchema, noticeOf, provinceReader, redirectWithNotice, sendHtml, type ConsolePageKit } from "./console-page-kit.ts";
import { viewTranslator, type ConsoleView } from "./console-view.ts";
import { inviteQrSvg } from "./invite-qr.ts";
import { confirmed, isRefusal, listOfRequest, listUploadBodyLimit } from "./list-upload.ts";
import { inviteSheetPage } from "./pages/invite-sheet-page.ts";
import { peopleImportPage } from "./pages/people-import-page.ts";
import { grantableRoles, peopleListPage, personPage } from "./pages/people-pages.ts";

const personFields = z.object({ name: z.string().trim().max(200).default(""), phone: z.string().trim().max(30).default(""), unit: z.string().trim().max(300).default("") });

/**
 * The province's people from the console (coordinators and admins; a unit head gets 403): the list,
 * adding, editing, roles, deactivating, importing a list with a preview, and each person's
 * invitation (deep link, QR, reissue, revoke, send by chat, the printable sheet). Every change goes
 * through the service the CLI's `people` and `invite` commands use, is audited, and redirects (303)
 * to the page that shows it with ?done= — or ?error= and the value refused, worded politely.
 */
export function consolePeopleRoutes(pages: FastifyInstance, kit: ConsolePageKit): void {
  const { db, clock, config } = kit;
  const botUsername = config.TELEGRAM_BOT_USERNAME;

  const audit = async (view: ConsoleView, action: string, personId: number, details: Record<string, unknown>) =>
    writeAudit(db, { at: clock.now(), actorPersonId: view.person.id, actor: view.person.name, action, entity: "person", entityId: String(personId), details });
  /** A refusal the services word (PersonChangeError), back to the page as ?error=; anything else rethrown. */
  const refused = (reply: FastifyReply, path: string, err: unknown) => {
    if (err instanceof PersonChangeError) return redirectWithNotice(reply, path, { error: err.reason, value: err.value });
    throw err;
  };
  const personOf = async (req: FastifyRequest): Promise<DirectoryPerson | undefined> => {
    const id = idSchema.safeParse((req.params as { id: string }).id);
    return id.success ? (await peopleDirectory(db, clock.now(), [id.data]))[0] : undefined;
  };
  const linkOf = (p: DirectoryPerson) => (p.invite && botUsername ? telegramDeepLink(botUsername, p.invite.code) : undefined);

  pages.get("/console/people", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    return sendHtml(reply, peopleListPage(view, await peopleDirectory(db, clock.now()), await listUnits(db), noticeOf(req)));
  });

  pages.post("/console/people", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    const body = personFields.extend({ role: z.enum(allRoles).default("focal_point") }).safeParse(req.body);
    if (!body.success || body.data.name === "") return redirectWithNotice(reply, "/console/people", { error: "no_name" });
    if (!grantableRoles(view).includes(body.data.role)) return redirectWithNotice(reply, "/console/people", { error: "admin_only" });
    if (body.data.unit === "") return redirectWithNotice(reply, "/console/people", { error: "no_unit", value: "" });
    try {
      const added = await addPerson(db, { name: body.data.name, phone: body.data.phone, unit: body.data.unit, roles: body.data.role }, { now: clock.now(), inviteTtlDays: config.INVITE_CODE_TTL_DAYS });
      await audit(view, "person.add", added.person.id, { name: added.person.name, unit: body.data.unit, roles: added.roles });
      return redirectWithNotice(reply, `/console/people/${added.person.id}`, { done: "added" });
    } catch (err) {
      return refused(reply, "/console/people", err);
    }
  });

  pages.get("/console/people/import", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    return sendHtml(reply, peopleImportPage(view));
  });

  // Without confirm: the preview (the import run and rolled back, no new code shown). With confirm=1: the import.
  pages.post("/console/people/import", async (req, reply) => await peopleImport(kit, req, reply));

  pages.get("/console/people/:id", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    const person = await personOf(req);
    if (!person) return kit.notFound(req, reply);
    const link = linkOf(person);
    const qr = link ? await inviteQrSvg(link, view.t("invites.qr_alt", { name: person.name })) : undefined;
    return sendHtml(reply, personPage(view, person, await listUnits(db), { link, qr }, noticeOf(req)));
  });

  pages.post("/console/people/:id/edit", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    const person = await personOf(req);
    const body = personFields.safeParse(req.body);
    if (!person || !body.success) return kit.notFound(req, reply);
    const path = `/console/people/${person.id}`;
    if (body.data.name === "") return redirectWithNotice(reply, path, { error: "no_name" });
    try {
      const changes = { name: body.data.name, phone: body.data.phone, ...(body.data.unit ? { unit: body.data.unit } : {}) };
      await editPerson(db, String(person.id), changes, clock.now());
      await audit(view, "person.edit", person.id, changes);
    } catch (err) {
      return refused(reply, path, err);
    }
    return redirectWithNotice(reply, path, { done: "edited" });
  });

  pages.post("/console/people/:id/roles", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    const person = await personOf(req);
    const body = z.object({ change: z.enum(["add", "remove"]), role: z.enum(allRoles) }).safeParse(req.body);
    if (!person || !body.success) return kit.notFound(req, reply);
    const path = `/console/people/${person.id}`;
    if (!grantableRoles(view).includes(body.data.role)) return redirectWithNotice(reply, path, { error: "admin_only" });
    const changed = await changeRoles(db, String(person.id), body.data.change, body.data.role);
    await audit(view, `person.role_${body.data.change}`, person.id, { role: body.data.role, roles: changed.roles });
    return redirectWithNotice(reply, path, { done: "roles" });
  });

  pages.post("/console/people/:id/active", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    const person = await personOf(req);
    const body = z.object({ active: z.enum(["0", "1"]) }).safeParse(req.body);
    if (!person || !body.success) return kit.notFound(req, reply);
    const active = body.data.active === "1";
    await setPersonActive(db, String(person.id), active, clock.now());
    await audit(view, active ? "person.reactivate" : "person.deactivate", person.id, { name: person.name });
    return redirectWithNotice(reply, `/console/people/${person.id}`, { done: active ? "reactivated" : "deactivated" });
  });

  pages.post("/console/people/:id/invite", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    const person = await personOf(req);
    const body = z.object({ action: z.enum(["reissue", "revoke", "send"]) }).safeParse(req.body);
    if (!person || !body.success) return kit.notFound(req, reply);
    const path = `/console/people/${person.id}`;
    const ref = String(person.id);
    const now = clock.now();
    try {
      if (body.data.action === "reissue") {
        const invitation = await reissueInvitation(db, ref, { now, ttlDays: config.INVITE_CODE_TTL_DAYS, botUsername });
        await audit(view, "invite.reissue", person.id, { expiresAt: invitation.code?.expiresAt.toISOString() ?? null });
        return redirectWithNotice(reply, path, { done: "reissued" });
      }
      if (body.data.action === "revoke") {
        const revoked = await revokeInvitation(db, ref, now);
        await audit(view, "invite.revoke", person.id, { revoked: revoked.revoked });
        return redirectWithNotice(reply, path, { done: "revoked" });
      }
      const sent = await sendInvitationByChat(db, ref, { now, botUsername });
      if (sent.type !== "queued") return redirectWithNotice(reply, path, { error: sent.type });
      await audit(view, "invite.send", person.id, { queued: sent.queued, channels: person.channels });
      return redirectWithNotice(reply, path, { done: sent.queued ? "sent" : "already_sent" });
    } catch (err) {
      if (err instanceof AssignmentError) return kit.notFound(req, reply);
      throw err;
    }
  });

  // ?person=<id>: one card; ?unit=<id>: that unit's people; neither: everyone active with a usable code.
  pages.get("/console/invites/sheet", async (req, reply) => {
    const view = provinceReader(kit, req, reply);
    if (!view) return reply;
    const q = z.object({ person: idSchema.optional(), unit: idSchema.optional() }).safeParse(req.query);
    if (!q.success) return kit.notFound(req, reply);
    const chosen = (await peopleDirectory(db, clock.now(), q.data.person ? [q.data.person] : undefined)).filter((p) => !p.deactivatedAt && (q.data.unit === undefined || p.unitId === q.data.unit));
    const withCode = chosen.filter((p) => p.invite);
    const cards = [];
    for (const person of withCode) {
      const link = linkOf(person);
      const qr = link ? await inviteQrSvg(link, view.t("invites.qr_alt", { name: person.name })) : undefined;
      cards.push({ person, link, qr, t: viewTranslator(kit.translator, person.locale).t });
    }
    return sendHtml(reply, inviteSheetPage(view, cards, chosen.length - withCode.length));
  });
}

/** The people list uploaded as a file (CSV or XLSX): registered in the console's multipart scope (consolePlanRoutes), previewed like the paste. */
export function peopleFileRoutes(kit: ConsolePageKit): (upload: FastifyInstance) => void {
  return (upload) => upload.post("/console/people/import/file", { bodyLimit: listUploadBodyLimit }, async (req, reply) => await peopleImport(kit, req, reply));
}

/** The preview (rolled back, no new code shown) or, confirmed, the import of the list sent: pasted, uploaded, or kept since its preview. */
async function peopleImport(kit: ConsolePageKit, req: FastifyRequest, reply: FastifyReply) {
  const { db, clock, config } = kit;
  const view = provinceReader(kit, req, reply);
  if (!view) return reply;
  const list = await listOfRequest(kit, req, view, "people.csv");
  if (isRefusal(list)) return sendHtml(reply, peopleImportPage(view, { error: list.error || view.t("people_import.empty") }), list.status);
  const dryRun = !confirmed(req);
  const result = await importPeople(db, list.file, { now: clock.now(), inviteTtlDays: config.INVITE_CODE_TTL_DAYS, dryRun }).catch((err: unknown) => {
    // The reader's own words (English) stay in the log; the page says it politely.
    if (err instanceof PeopleFileError) return void req.log.info({ reason: err.reason, detail: err.message }, "people import: unreadable list");
    throw err;
  });
  const shown = { ...(list.csv !== undefined ? { csv: list.csv } : {}), ...(list.upload !== undefined ? { upload: list.upload } : {}) };
  if (!result) return sendHtml(reply, peopleImportPage(view, { csv: list.csv, error: view.t(list.upload ? "list_upload.unreadable" : "people_import.unreadable") }), 400);
  if (dryRun || result.people.length === 0) return sendHtml(reply, peopleImportPage(view, { ...shown, preview: result }));
  await writeAudit(db, { at: clock.now(), actorPersonId: view.person.id, actor: view.person.name, action: "people.import", entity: "person", entityId: "", details: { people: result.people.length, problems: result.problems.length, ...(list.upload ? { upload: list.upload } : {}) } });
  return redirectWithNotice(reply, "/console/people", { done: "imported", n: String(result.people.length) });
}
