import { basename } from "node:path";
import multipart from "@fastify/multipart";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { findPlanById, type PlanRow } from "../../db/repositories/catalogue-repository.ts";
import { frequencies, type Frequency } from "../domain/frequency.ts";
import { importCatalogue } from "../importers/import-catalogue.ts";
import { problemMessage } from "../importers/problem-message.ts";
import { PlanSettingError, setPlanLockDays } from "../services/approvals.ts";
import { AssignmentError } from "../services/assignments.ts";
import { importPlanFile } from "../services/import-plan-file.ts";
import { removePlan, renumberPlan } from "../services/manage-plans.ts";
import { keepPlanFile, MAX_PLAN_FILE_BYTES, planFileWithBytes } from "../services/plan-files.ts";
import { setSchedule } from "../services/set-schedule.ts";
import { DueRuleError, setDueRule, type DueRuleScope } from "../services/due-rules.ts";
import { parseDueRuleChange } from "../domain/due-rules.ts";
import type { SetupActor } from "../services/unit-standing.ts";
import { SESSION_COOKIE, sessionOf } from "./console-auth.ts";
import { idSchema, sendForbidden, sendHtml, type ConsolePageKit } from "./console-page-kit.ts";
import type { ConsoleView } from "./console-view.ts";
import { html } from "./html.ts";
import { shell } from "./layout.ts";
import { planListPage, planPage } from "./pages/plan-pages.ts";
import { planUploadPage } from "./pages/plan-upload-page.ts";

/** The extensions a plan file may have: what importCatalogue reads. */
const planFileName = /\.(txt|md|tsv|csv|xlsx|docx|pdf)$/i;
const planNumber = z.string().trim().max(100).default("");

export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
  tooLarge?: boolean;
}

/**
 * The plans of the province in the console (coordinators and admins; a unit head gets 403): the list,
 * a plan's page, uploading a plan file (preview, then confirm), its kept files, its number, its due
 * rules (frequency per plan or item, the due day and hour per plan or item and the province's
 * default, the cutoff) and its removal. Every change goes through the services the CLI uses
 * (import-plan-file.ts, manage-plans.ts, set-schedule.ts, due-rules.ts, approvals.ts), which write
 * the audit rows.
 */
export async function consolePlanRoutes(
  pages: FastifyInstance,
  kit: ConsolePageKit,
  /** Other file uploads (the unit and people lists) that share the multipart scope below, its session check and its limits. */
  moreUploads: ((upload: FastifyInstance) => void)[] = [],
): Promise<void> {
  const { db, clock, config } = kit;
  const province = (req: FastifyRequest, reply: FastifyReply): ConsoleView | undefined => {
    const view = req.consoleView!;
    if (view.unitIds !== null) {
      sendForbidden(kit, req, reply);
      return undefined;
    }
    return view;
  };
  const actorOf = (view: ConsoleView): SetupActor => ({ personId: view.person.id, name: view.person.name });
  const back = (reply: FastifyReply, plan: { id: number }, done: string) => reply.code(303).header("location", `/console/plans/${plan.id}?done=${done}`).send();
  const planOf = async (req: FastifyRequest): Promise<PlanRow | undefined> => {
    const id = idSchema.safeParse((req.params as { id?: string }).id);
    return id.success ? await findPlanById(db, id.data) : undefined;
  };

  pages.get("/console/plans", async (req, reply) => {
    const view = province(req, reply);
    return view && sendHtml(reply, await planListPage(db, view, req.query as { done?: string; n?: string }));
  });
  pages.get("/console/plans/upload", async (req, reply) => {
    const view = province(req, reply);
    return view && sendHtml(reply, planUploadPage(view));
  });

  // The console's one multipart scope (the plan upload, and the lists moreUploads add): one file, a size limit and a polite page for what fails.
  await pages.register(async (upload) => {
    // Refused before the body is read: the session hook runs after multipart has parsed the file.
    upload.addHook("onRequest", async (req, reply) => {
      if (!(await sessionOf(db, req.cookies[SESSION_COOKIE], clock.now()))) return reply.code(401).send({ error: "no_session", message: kit.translator.t(config.DEFAULT_LOCALE, { key: "console.no_session" }) });
    });
    await upload.register(multipart, {
      attachFieldsToBody: "keyValues",
      limits: { fileSize: MAX_PLAN_FILE_BYTES, files: 1, fields: 5, fieldSize: 1_000, parts: 8 },
      // A file over the limit is marked, not thrown: the handler, behind the session, answers with the page.
      onFile: async (part) => {
        let value: UploadedFile;
        try {
          value = { fileName: part.filename, bytes: await part.toBuffer() };
        } catch (err) {
          if ((err as FastifyError).code !== "FST_REQ_FILE_TOO_LARGE") throw err;
          value = { fileName: part.filename, bytes: Buffer.alloc(0), tooLarge: true };
        }
        (part as unknown as { value: UploadedFile }).value = value;
      },
    });
    // A body multipart could not read (before the session is known): a short page in the default language.
    upload.setErrorHandler(async (err: FastifyError, req, reply) => {
      const status = err.statusCode ?? 500;
      if (status >= 500) throw err;
      req.log.info({ code: err.code }, "plan upload refused");
      const key = status === 413 ? "console.plans.upload.too_large" : "console.plans.upload.bad_request";
      return sendHtml(reply, shell(config.DEFAULT_LOCALE, kit.translator.t(config.DEFAULT_LOCALE, { key: "console.plans.upload.title" }), html`<main><p class="notice alert" role="alert">${kit.translator.t(config.DEFAULT_LOCALE, { key, params: { mb: MAX_PLAN_FILE_BYTES / 1024 / 1024 } })}</p><p><a href="${req.url.startsWith("/console/plans/") ? "/console/plans/upload" : req.url.replace(/\/file$/, "")}">${kit.translator.t(config.DEFAULT_LOCALE, { key: "console.plans.upload.again" })}</a></p></main>`), status);
    });

    upload.post("/console/plans/upload", { bodyLimit: MAX_PLAN_FILE_BYTES + 64 * 1024 }, async (req, reply) => {
      const view = province(req, reply);
      if (!view) return;
      const body = (req.body ?? {}) as { file?: UploadedFile; plan?: unknown };
      const number = planNumber.safeParse(body.plan);
      const file = body.file;
      const given = number.success ? number.data : "";
      if (file?.tooLarge) return sendHtml(reply, planUploadPage(view, { error: view.t("plans.upload.too_large", { mb: MAX_PLAN_FILE_BYTES / 1024 / 1024 }), planNumber: given }), 413);
      if (!file || typeof file !== "object" || !file.fileName || file.bytes.byteLength === 0) return sendHtml(reply, planUploadPage(view, { error: view.t("plans.upload.empty"), planNumber: given }), 400);
      if (!planFileName.test(file.fileName)) return sendHtml(reply, planUploadPage(view, { error: view.t("plans.upload.bad_type", { file: file.fileName }), planNumber: given }), 400);
      // Kept (with a row awaiting confirmation) only once something could be read from it.
      const keep = async () => (await keepPlanFile(db, config.DATA_DIR, { bytes: file.bytes, fileName: file.fileName }, actorOf(view), clock.now())).id;
      return await previewOrSave(reply, view, { fileId: keep, fileName: basename(file.fileName), bytes: file.bytes, planNumber: given, mode: "preview", confirmRemoval: false });
    });
    for (const routes of moreUploads) routes(upload);
  });

  pages.post("/console/plans/uploads/:id/confirm", async (req, reply) => {
    const view = province(req, reply);
    if (!view) return;
    const id = idSchema.safeParse((req.params as { id: string }).id);
    const body = z.object({ plan: planNumber, confirm_removal: z.literal("1").optional() }).safeParse(req.body);
    if (!id.success || !body.success) return kit.notFound(req, reply);
    const kept = await planFileWithBytes(db, config.DATA_DIR, id.data);
    // Never confirmed for a day, the upload was forgotten by housekeeping (prune-plan-files.ts).
    if (!kept) return sendHtml(reply, planUploadPage(view, { error: view.t("plans.upload.expired"), planNumber: body.data.plan }), 410);
    if (kept.row.planId !== null) return back(reply, { id: kept.row.planId }, "not_pending");
    return await previewOrSave(reply, view, { fileId: kept.row.id, fileName: kept.row.fileName, bytes: kept.bytes, planNumber: body.data.plan, mode: "save", confirmRemoval: body.data.confirm_removal === "1" });
  });

  /** A kept upload's id, or how to keep it (a new upload, kept once it proved readable). */
  const previewOrSave = async (
    reply: FastifyReply,
    view: ConsoleView,
    u: { fileId: number | (() => Promise<number>); fileName: string; bytes: Uint8Array; planNumber: string; mode: "preview" | "save"; confirmRemoval: boolean },
  ) => {
    const catalogue = await importCatalogue({ bytes: u.bytes, fileName: u.fileName, ...(u.planNumber ? { planNumber: u.planNumber } : {}) });
    if (catalogue.indicators.length === 0 && catalogue.tasks.length === 0) {
      // Why, in the reader's language (a damaged .docx, a PDF with a password…); the library's own words only in the log.
      const errors = catalogue.problems.filter((p) => p.severity === "error");
      const details = errors.flatMap((p) => (p.detail ? [p.detail] : []));
      if (details.length) reply.log.info({ file: u.fileName, details }, "plan upload: file not readable");
      const why = errors.slice(0, 3).map((p) => problemMessage(view.m, p));
      return sendHtml(reply, planUploadPage(view, { error: [view.t("plans.upload.nothing_read", { file: u.fileName }), ...why].join(" "), planNumber: u.planNumber }), 400);
    }
    const fileId = typeof u.fileId === "number" ? u.fileId : await u.fileId();
    const result = await importPlanFile(db, { catalogue, fileName: u.fileName, ...(u.planNumber ? { planNumber: u.planNumber } : {}), mode: u.mode, confirmRemoval: u.confirmRemoval, fileId, actor: actorOf(view), now: clock.now() });
    if (result.type === "nothing_read") return sendHtml(reply, planUploadPage(view, { error: view.t("plans.upload.nothing_read", { file: u.fileName }), planNumber: u.planNumber }), 400);
    const number = u.planNumber || catalogue.plan.number;
    if (result.type === "saved") return back(reply, result.saved.plan, "imported");
    const preview = { fileId, fileName: u.fileName, planNumber: u.planNumber, number, diff: result.diff, problems: result.type === "preview" ? result.saved.problems : catalogue.problems };
    if (result.type === "removal_unconfirmed") {
      // The same preview again (nothing saved), now saying the box must be ticked.
      const again = await importPlanFile(db, { catalogue, fileName: u.fileName, ...(u.planNumber ? { planNumber: u.planNumber } : {}), mode: "preview", confirmRemoval: false, actor: actorOf(view), now: clock.now() });
      const shown = again.type === "preview" ? { ...preview, diff: again.diff, problems: again.saved.problems } : preview;
      return sendHtml(reply, planUploadPage(view, { error: view.t("plans.preview.removal_unconfirmed", { n: result.diff.removed.length }), preview: shown }), 409);
    }
    return sendHtml(reply, planUploadPage(view, { preview }));
  };

  pages.get("/console/plans/:id", async (req, reply) => {
    const view = province(req, reply);
    if (!view) return;
    const plan = await planOf(req);
    return plan ? sendHtml(reply, await planPage(db, view, plan, req.query as { done?: string })) : kit.notFound(req, reply);
  });

  pages.get("/console/plans/:id/files/:file", async (req, reply) => {
    const view = province(req, reply);
    if (!view) return;
    const plan = await planOf(req);
    const fileId = idSchema.safeParse((req.params as { file: string }).file);
    const kept = plan && fileId.success ? await planFileWithBytes(db, config.DATA_DIR, fileId.data) : undefined;
    if (!plan || !kept || kept.row.planId !== plan.id) return kit.notFound(req, reply);
    return reply
      .type("application/octet-stream")
      .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(kept.row.fileName)}`)
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "no-store")
      .send(Buffer.from(kept.bytes));
  });

  pages.post("/console/plans/:id/schedule", async (req, reply) => {
    const view = province(req, reply);
    if (!view) return;
    const plan = await planOf(req);
    const body = z.object({ code: z.string().max(50).default(""), frequency: z.enum(frequencies) }).safeParse(req.body);
    if (!plan || !body.success) return kit.notFound(req, reply);
    try {
      await setSchedule(db, { plan: plan.key, ...(body.data.code ? { code: body.data.code } : {}), frequency: body.data.frequency as Frequency, actor: view.person.name, actorPersonId: view.person.id, now: clock.now() });
    } catch (err) {
      if (err instanceof AssignmentError) return kit.notFound(req, reply);
      throw err;
    }
    return back(reply, plan, "schedule");
  });

  // A due rule (src/domain/due-rules.ts): the province's default, a plan's, or an item's (with its code).
  const dueRuleBody = z.object({ code: z.string().max(50).default(""), day: z.string().max(10).default(""), hour: z.string().max(10).default(""), yearly: z.string().max(10).default(""), clear: z.string().max(5).optional() });
  const saveDueRule = async (req: FastifyRequest, view: ConsoleView, scopeOf: (code: string) => DueRuleScope): Promise<"due_rule" | "bad_due_rule" | "not_found"> => {
    const body = dueRuleBody.safeParse(req.body);
    if (!body.success) return "bad_due_rule";
    // "Clear" hands the level back to the one above, whatever the form's fields still hold.
    const change = body.data.clear ? parseDueRuleChange({ clear: true }) : parseDueRuleChange({ day: body.data.day, hour: body.data.hour, yearly: body.data.yearly });
    if (!change) return "bad_due_rule";
    try {
      await setDueRule(db, scopeOf(body.data.code), change, actorOf(view), clock.now());
    } catch (err) {
      if (err instanceof DueRuleError) return err.reason === "bad_rule" ? "bad_due_rule" : "not_found";
      throw err;
    }
    return "due_rule";
  };

  pages.post("/console/plans/due-rule", async (req, reply) => {
    const view = province(req, reply);
    if (!view) return;
    const done = await saveDueRule(req, view, () => ({ level: "province" }));
    return reply.code(303).header("location", `/console/plans?done=${done === "not_found" ? "bad_due_rule" : done}`).send();
  });

  pages.post("/console/plans/:id/due-rule", async (req, reply) => {
    const view = province(req, reply);
    if (!view) return;
    const plan = await planOf(req);
    if (!plan) return kit.notFound(req, reply);
    const done = await saveDueRule(req, view, (code) => (code ? { level: "item", plan: plan.key, code } : { level: "plan", plan: plan.key }));
    if (done === "not_found") return kit.notFound(req, reply);
    return back(reply, plan, done);
  });

  pages.post("/console/plans/:id/cutoff", async (req, reply) => {
    const view = province(req, reply);
    if (!view) return;
    const plan = await planOf(req);
    const body = z.object({ days: z.string().regex(/^\d{1,3}$/) }).safeParse(req.body);
    if (!plan) return kit.notFound(req, reply);
    if (!body.success) return back(reply, plan, "bad_days");
    try {
      await setPlanLockDays(db, plan.key, Number(body.data.days), actorOf(view), clock.now());
    } catch (err) {
      if (err instanceof PlanSettingError) return back(reply, plan, "bad_days");
      throw err;
    }
    return back(reply, plan, "cutoff");
  });

  pages.post("/console/plans/:id/number", async (req, reply) => {
    const view = province(req, reply);
    if (!view) return;
    const plan = await planOf(req);
    const body = z.object({ number: z.string().trim().min(1).max(100) }).safeParse(req.body);
    if (!plan) return kit.notFound(req, reply);
    if (!body.success || !/[0-9A-Za-zÀ-ỹ]/.test(body.data.number)) return back(reply, plan, "bad_number");
    const r = await renumberPlan(db, plan.key, body.data.number, actorOf(view), clock.now());
    if (!r.ok) return back(reply, plan, r.reason === "taken" ? "number_taken" : "bad_number");
    return back(reply, plan, "numbered");
  });

  pages.post("/console/plans/:id/delete", async (req, reply) => {
    const view = province(req, reply);
    if (!view) return;
    const plan = await planOf(req);
    const body = z.object({ confirm: z.literal("1").optional() }).safeParse(req.body);
    if (!plan || !body.success) return kit.notFound(req, reply);
    if (!body.data.confirm) return back(reply, plan, "removal_unconfirmed");
    await removePlan(db, plan.key, { confirm: true, actor: actorOf(view), now: clock.now() });
    return reply.code(303).header("location", `/console/plans?done=removed&n=${encodeURIComponent(plan.number || plan.key)}`).send();
  });
}
