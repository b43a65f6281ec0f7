import { readFileSync } from "node:fs";
import { createReadStream } from "node:fs";
import { join, normalize, resolve } from "node:path";
import { PassThrough } from "node:stream";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { timingSafeEqual } from "node:crypto";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { zaloLoginRoutes, type ZaloLoginRoutesOptions } from "../../bots/zalo/zca/zalo-login-routes.ts";
import { endConsoleSession, loginLinkUsable, touchConsoleSession, type LiveSession } from "../../db/repositories/console-repository.ts";
import { unitSubtreeIds } from "../../db/repositories/units-repository.ts";
import type { Audience } from "../chat/context.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { periodRange } from "../domain/period-range.ts";
import { roles } from "../domain/roles.ts";
import { nextAllowedInstant } from "../domain/working-calendar.ts";
import { locales, type Locale, type Translator } from "../i18n/translator.ts";
import { previewAudience } from "../services/broadcast-audience.ts";
import { broadcastStatus, startBroadcast } from "../services/broadcasts.ts";
import { calendarOfConfig } from "../services/calendar-of-config.ts";
import { exportPlanWorkbook, exportReportsCsv, ExportError } from "../services/export-reports.ts";
import { achievementPicture, completenessPicture } from "../services/report-charts.ts";
import { reportingStatus, summariseByUnit } from "../services/reporting-status.ts";
import { toVnParts } from "../domain/vn-time.ts";
import { hashSecret, openSession, SESSION_COOKIE, SESSION_TTL_MS, sessionOf } from "./console-auth.ts";
import { viewTranslator, type ConsoleView } from "./console-view.ts";
import { html } from "./html.ts";
import { consolePage } from "./layout.ts";
import { broadcastsPage, type BroadcastDraft } from "./pages/broadcasts-page.ts";
import { exportsPage } from "./pages/exports-page.ts";
import { indicatorPage } from "./pages/indicator-page.ts";
import { overviewPage } from "./pages/overview-page.ts";
import { landingPage, loginPage, messagePage } from "./pages/public-pages.ts";
import { evidenceFile, reportPage } from "./pages/report-page.ts";
import { unitListPage, unitPage } from "./pages/unit-pages.ts";

export interface ConsoleRoutesOptions {
  config: Config;
  db: Db;
  clock: Clock;
  translator: Translator;
  /**
   * The approvals page, when the approval feature is wired in: its nav slot and GET /console/approvals
   * appear only then. The lead connects it after merging the approval branch.
   */
  approvalsPage?: (view: ConsoleView, req: FastifyRequest) => string;
  /** Present with ZALO_TRANSPORT=zca: the QR login routes, registered here behind an admin session. */
  zaloLogin?: Omit<ZaloLoginRoutesOptions, "authorize">;
  /** Login-link route limit per client address and minute (tests lower it). */
  loginRateLimit?: number;
}

const assetDir = join(dirname(fileURLToPath(import.meta.url)), "assets");
const assets = {
  "console.css": { type: "text/css; charset=utf-8", body: readFileSync(join(assetDir, "console.css")) },
  "console.js": { type: "text/javascript; charset=utf-8", body: readFileSync(join(assetDir, "console.js")) },
};
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const periodKey = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]|9M))?$/);
const id = z.coerce.number().int().positive().max(2 ** 31);

declare module "fastify" {
  interface FastifyRequest {
    consoleView?: ConsoleView;
    consoleSession?: LiveSession;
  }
}

/**
 * The coordinator's console: "/" (what the service is), the login by a one-time link from /web,
 * and the pages under /console behind a session cookie. Every page and JSON route is scoped to the
 * units the person may see (unit head: their unit and below; coordinator, admin: the province);
 * every POST carries the session's CSRF token. Security headers (helmet, a CSP with no inline
 * script) apply to these routes only: /dev and the APIs keep theirs.
 */
export const consoleRoutes: FastifyPluginAsync<ConsoleRoutesOptions> = async (app, options) => {
  const { db, clock, translator, config } = options;
  const secureCookie = (config.PUBLIC_URL ?? "").startsWith("https:");
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 16_384 });
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", "data:"], scriptSrc: ["'self'"], styleSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: secureCookie ? [] : null } },
    strictTransportSecurity: secureCookie,
    referrerPolicy: { policy: "no-referrer" },
  });
  await app.register(rateLimit, { global: false });

  const localeOf = (req: FastifyRequest): Locale => {
    const asked = (req.query as { lang?: string }).lang;
    return (locales as readonly string[]).includes(asked ?? "") ? (asked as Locale) : config.DEFAULT_LOCALE;
  };
  const sendHtml = (reply: FastifyReply, body: string, code = 200) => reply.code(code).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);

  for (const [name, asset] of Object.entries(assets)) {
    app.get(`/console/assets/${name}`, async (_req, reply) => reply.type(asset.type).header("cache-control", "no-cache").send(asset.body));
  }

  app.get("/", async (req, reply) => sendHtml(reply, landingPage(translator, localeOf(req))));

  const limited = { config: { rateLimit: { max: options.loginRateLimit ?? 20, timeWindow: "1 minute" } }, logLevel: "warn" as const };
  app.get("/login", limited, async (req, reply) => {
    const token = z.string().min(20).max(100).safeParse((req.query as { t?: unknown }).t);
    const state = token.success ? loginLinkUsable(db, hashSecret(token.data), clock.now()) : "unknown";
    return sendHtml(reply, loginPage(translator, localeOf(req), token.success ? token.data : "", state), state === "ok" ? 200 : 410);
  });

  app.post("/login", limited, async (req, reply) => {
    const token = z.object({ t: z.string().min(20).max(100) }).safeParse(req.body);
    const opened = token.success ? openSession(db, token.data.t, clock.now()) : { type: "unknown" as const };
    if (opened.type !== "ok") return sendHtml(reply, loginPage(translator, localeOf(req), "", opened.type), opened.type === "not_allowed" ? 403 : 410);
    void reply.setCookie(SESSION_COOKIE, opened.sessionId, { path: "/", httpOnly: true, sameSite: "lax", secure: secureCookie, maxAge: SESSION_TTL_MS / 1000 });
    return reply.code(303).header("location", "/console").send();
  });

  /** The session of the request, or a refusal already sent (login page for pages, 401 JSON for .json). */
  const requireSession = async (req: FastifyRequest, reply: FastifyReply) => {
    const now = clock.now();
    const live = sessionOf(db, req.cookies[SESSION_COOKIE], now);
    if (!live) {
      if (req.url.includes(".json") || req.method !== "GET") return reply.code(401).send({ error: "no_session", message: translator.t(config.DEFAULT_LOCALE, { key: "console.no_session" }) });
      return sendHtml(reply, messagePage(translator, config.DEFAULT_LOCALE, "no_session"), 401);
    }
    touchConsoleSession(db, live.session.id, now);
    req.consoleSession = live;
    req.consoleView = viewOf(live);
  };

  const viewOf = (live: LiveSession): ConsoleView => {
    const province = live.person.roles.some((r) => r === "coordinator" || r === "admin");
    const unitIds = province ? null : live.person.unitId ? unitSubtreeIds(db, live.person.unitId) : [];
    const locale = live.person.locale;
    return {
      locale,
      ...viewTranslator(translator, locale),
      person: live.person,
      csrf: live.session.csrfToken,
      unitIds,
      canBroadcast: province,
      isAdmin: live.person.roles.includes("admin"),
      approvals: options.approvalsPage !== undefined,
    };
  };

  /** POSTs carry the session's token in _csrf (forms) or x-csrf-token (scripts); compared in constant time. */
  const requireCsrf = async (req: FastifyRequest, reply: FastifyReply) => {
    const expected = req.consoleSession?.session.csrfToken;
    const given = (req.body as { _csrf?: unknown } | undefined)?._csrf ?? req.headers["x-csrf-token"];
    const a = Buffer.from(typeof given === "string" ? given : "");
    const b = Buffer.from(expected ?? "");
    if (!expected || a.length !== b.length || !timingSafeEqual(a, b)) return sendHtml(reply, messagePage(translator, req.consoleView?.locale ?? config.DEFAULT_LOCALE, "csrf_refused"), 403);
  };

  app.post("/logout", { preHandler: [requireSession, requireCsrf] }, async (req, reply) => {
    endConsoleSession(db, req.consoleSession!.session.id, clock.now());
    void reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.code(303).header("location", "/").send();
  });

  await app.register(async (pages: FastifyInstance) => {
    pages.addHook("preHandler", requireSession);
    pages.addHook("preHandler", async (req, reply) => {
      if (req.method === "POST") return requireCsrf(req, reply);
    });
    const notFound = (req: FastifyRequest, reply: FastifyReply) => sendHtml(reply, messagePage(translator, req.consoleView!.locale, "not_found"), 404);
    const periodOf = (req: FastifyRequest, fallback: string) => {
      const p = periodKey.safeParse((req.query as { period?: unknown }).period);
      return p.success ? p.data : fallback;
    };
    const thisYear = () => String(toVnParts(clock.now()).year);

    pages.get("/console", async (req, reply) => sendHtml(reply, overviewPage(db, req.consoleView!, periodOf(req, thisYear()), clock.now())));
    pages.get("/console/units", async (req, reply) => sendHtml(reply, unitListPage(db, req.consoleView!)));
    pages.get("/console/units/:id", async (req, reply) => {
      const unitId = id.safeParse((req.params as { id: string }).id);
      const page = unitId.success ? unitPage(db, req.consoleView!, unitId.data, periodOf(req, thisYear()), clock.now()) : undefined;
      return page ? sendHtml(reply, page) : notFound(req, reply);
    });
    // The same scope by API: a unit's status rows as JSON, refused (404) outside the reader's units.
    pages.get("/console/units/:id/status.json", async (req, reply) => {
      const unitId = id.safeParse((req.params as { id: string }).id);
      const view = req.consoleView!;
      if (!unitId.success || (view.unitIds !== null && !view.unitIds.includes(unitId.data))) return reply.code(404).send({ error: "not_found" });
      const rows = reportingStatus(db, { periodKey: periodOf(req, thisYear()), unitIds: [unitId.data], now: clock.now() });
      return { unitId: unitId.data, summary: summariseByUnit(rows)[0] ?? null, overdue: rows.filter((r) => r.expected && !r.reported && r.state === "overdue").map((r) => ({ code: r.code, name: r.name, period: r.periodKey })) };
    });
    pages.get("/console/indicators/:id", async (req, reply) => {
      const indicatorId = id.safeParse((req.params as { id: string }).id);
      const page = indicatorId.success ? indicatorPage(db, req.consoleView!, indicatorId.data, periodOf(req, thisYear()).slice(0, 4), clock.now()) : undefined;
      return page ? sendHtml(reply, page) : notFound(req, reply);
    });
    pages.get("/console/reports/:id", async (req, reply) => {
      const reportId = id.safeParse((req.params as { id: string }).id);
      const page = reportId.success ? reportPage(db, req.consoleView!, reportId.data) : undefined;
      return page ? sendHtml(reply, page) : notFound(req, reply);
    });
    pages.get("/console/reports/:id/evidence/:n", async (req, reply) => {
      const params = z.object({ id, n: z.coerce.number().int().min(0).max(1000) }).safeParse(req.params);
      const file = params.success ? evidenceFile(db, req.consoleView!, params.data.id, params.data.n) : undefined;
      const root = resolve(config.DATA_DIR);
      const path = file ? resolve(root, normalize(file.path)) : undefined;
      if (!file || !path || !path.startsWith(root + "/")) return notFound(req, reply);
      const image = file.mimeType?.startsWith("image/") || /\.(jpe?g|png|webp)$/i.test(path);
      return reply
        .type(image ? (file.mimeType ?? "image/jpeg") : "application/octet-stream")
        .header("content-disposition", `${image ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(file.fileName ?? "evidence")}`)
        .header("x-content-type-options", "nosniff")
        .send(createReadStream(path));
    });
    pages.get("/console/charts/:chart", async (req, reply) => {
      const chart = (req.params as { chart: string }).chart;
      if (chart !== "completeness.png" && chart !== "achievement.png") return notFound(req, reply);
      const view = req.consoleView!;
      const period = periodOf(req, thisYear());
      const rows = reportingStatus(db, { periodKey: period, unitIds: view.unitIds, now: clock.now() });
      const picture = chart === "completeness.png" ? await completenessPicture(summariseByUnit(rows), period, translator, view.locale) : await achievementPicture(rows.filter((r) => r.reported), period, translator, view.locale);
      return reply.type("image/png").header("cache-control", "private, max-age=60").send(Buffer.from(picture.png));
    });

    const refuseUnlessProvince = async (req: FastifyRequest, reply: FastifyReply) => {
      if (!req.consoleView!.canBroadcast) await sendHtml(reply, messagePage(translator, req.consoleView!.locale, "forbidden"), 403);
    };
    pages.get("/console/broadcasts", { preHandler: refuseUnlessProvince }, async (req, reply) => {
      const follow = id.safeParse((req.query as { follow?: unknown }).follow);
      return sendHtml(reply, broadcastsPage(db, req.consoleView!, clock.now(), follow.success ? { followId: follow.data } : {}));
    });
    pages.post("/console/broadcasts/preview", { preHandler: refuseUnlessProvince }, async (req, reply) => {
      const view = req.consoleView!;
      const draft = draftOf(req.body);
      if (!draft) return sendHtml(reply, broadcastsPage(db, view, clock.now(), { error: view.t("broadcasts.invalid") }), 400);
      return sendHtml(reply, broadcastsPage(db, view, clock.now(), { draft, preview: previewAudience(db, draft.audience) }));
    });
    pages.post("/console/broadcasts", { preHandler: refuseUnlessProvince }, async (req, reply) => {
      const view = req.consoleView!;
      const draft = draftOf(req.body);
      if (!draft) return sendHtml(reply, broadcastsPage(db, view, clock.now(), { error: view.t("broadcasts.invalid") }), 400);
      const preview = previewAudience(db, draft.audience);
      if (preview.linked === 0) return sendHtml(reply, broadcastsPage(db, view, clock.now(), { draft, preview, error: view.m({ key: "broadcast.nobody", params: { people: preview.people } }) }), 422);
      const now = clock.now();
      const started = startBroadcast(db, translator, { audience: draft.audience, text: draft.text, source: "chat", createdByPersonId: view.person.id, notBefore: draft.urgent ? now : nextAllowedInstant(now, calendarOfConfig(config)) }, now);
      return reply.code(303).header("location", `/console/broadcasts?follow=${started.id}`).send();
    });
    pages.get("/console/broadcasts/:id.json", { preHandler: refuseUnlessProvince }, async (req, reply) => {
      const broadcastId = id.safeParse((req.params as { id: string }).id);
      const status = broadcastId.success ? broadcastStatus(db, broadcastId.data) : undefined;
      if (!status) return reply.code(404).send({ error: "not_found" });
      const view = req.consoleView!;
      const done = status.delivered + status.failed + status.blocked;
      return { ...status, done, text: undefined, line: view.t("broadcasts.progress_line", { done, total: done + status.pending, delivered: status.delivered, failed: status.failed, blocked: status.blocked, status: view.t(`broadcasts.status.${status.status}`) }) };
    });

    pages.get("/console/exports", async (req, reply) => sendHtml(reply, exportsPage(db, req.consoleView!, periodOf(req, thisYear()), clock.now())));
    pages.get("/console/exports/:file", async (req, reply) => {
      const view = req.consoleView!;
      if (view.unitIds !== null) return sendHtml(reply, messagePage(translator, view.locale, "forbidden"), 403);
      const file = (req.params as { file: string }).file;
      const period = periodKey.safeParse((req.query as { period?: unknown }).period);
      const plan = z.string().min(1).max(100).optional().safeParse((req.query as { plan?: unknown }).plan);
      if (!period.success || !plan.success || (file !== "plan.xlsx" && file !== "reports.csv") || (file === "plan.xlsx" && !plan.data)) return notFound(req, reply);
      const body = new PassThrough();
      const now = clock.now();
      const request = { ...(plan.data ? { plan: plan.data } : {}), periodKey: period.data, now, locale: view.locale };
      const running = file === "plan.xlsx" ? exportPlanWorkbook(db, translator, { ...request, plan: plan.data! }, body) : exportReportsCsv(db, translator, request, body).then(() => body.end());
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

    if (options.approvalsPage) {
      const approvals = options.approvalsPage;
      pages.get("/console/approvals", async (req, reply) => sendHtml(reply, approvals(req.consoleView!, req)));
    }

    pages.get("/console/zalo", async (req, reply) => {
      const view = req.consoleView!;
      if (!view.isAdmin) return sendHtml(reply, messagePage(translator, view.locale, "forbidden"), 403);
      const zca = config.ZALO_TRANSPORT === "zca";
      return sendHtml(
        reply,
        consolePage(view, {
          title: view.t("zalo.title"),
          active: "zalo",
          body: zca
            ? html`<p>${view.t("zalo.how")}</p><p><img id="zalo-qr" alt="${view.t("zalo.qr_alt")}" hidden></p><p data-zalo-status data-idle="${view.t("zalo.state.idle")}" data-starting="${view.t("zalo.state.starting")}" data-qr="${view.t("zalo.state.qr")}" data-scanned="${view.t("zalo.state.scanned")}" data-logged_in="${view.t("zalo.state.logged_in")}" data-failed="${view.t("zalo.state.failed")}">…</p>
<form method="post" action="/admin/zalo/login/start"><input type="hidden" name="_csrf" value="${view.csrf}"><input type="hidden" name="new" value="1"><button>${view.t("zalo.again")}</button></form>`
            : html`<p class="empty">${view.t("zalo.not_zca")}</p>`,
        }),
      );
    });
  });

  // The Zalo QR login (ZALO_TRANSPORT=zca) behind an admin's session instead of the admin token.
  if (options.zaloLogin) {
    await app.register(zaloLoginRoutes, {
      ...options.zaloLogin,
      authorize: async (req: FastifyRequest, reply: FastifyReply) => {
        await requireSession(req, reply);
        if (reply.sent) return;
        if (!req.consoleView!.isAdmin) return reply.code(403).send({ error: "forbidden" });
        if (req.method === "POST") await requireCsrf(req, reply);
      },
    });
  }
};

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
    if (!f.period || !periodKey.safeParse(f.period).success || !periodRange(f.period)) return undefined;
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
