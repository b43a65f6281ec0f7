import { createReadStream, readFileSync } from "node:fs";
import { dirname, join, normalize, resolve } from "node:path";
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
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { locales, type Locale, type Translator } from "../i18n/translator.ts";
import { achievementPicture, completenessPicture } from "../services/report-charts.ts";
import { reportingStatus, summariseByUnit } from "../services/reporting-status.ts";
import { toVnParts } from "../domain/vn-time.ts";
import { hashSecret, openSession, SESSION_COOKIE, SESSION_TTL_MS, sessionOf } from "./console-auth.ts";
import { viewTranslator, type ConsoleView } from "./console-view.ts";
import { html } from "./html.ts";
import { consolePage } from "./layout.ts";
import { consoleBroadcastRoutes } from "./console-broadcast-routes.ts";
import { consoleExportRoutes } from "./console-export-routes.ts";
import { consoleApprovalRoutes } from "./console-approval-routes.ts";
import { consoleSetupRoutes, unitFileRoutes } from "./console-setup-routes.ts";
import { consoleUnitRoutes } from "./console-unit-routes.ts";
import { consolePeopleRoutes, peopleFileRoutes } from "./console-people-routes.ts";
import { consolePlanRoutes } from "./console-plan-routes.ts";
import { idSchema, noticeOf, periodKeySchema, sendForbidden, sendHtml, type ConsolePageKit } from "./console-page-kit.ts";
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
  /** How long a chat conversation lives (SESSION_TTL_MINUTES): the returned notice's correction offer keeps it. */
  sessionTtlMinutes?: number;
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
const periodKey = periodKeySchema;
const id = idSchema;

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

  for (const [name, asset] of Object.entries(assets)) {
    app.get(`/console/assets/${name}`, async (_req, reply) => reply.type(asset.type).header("cache-control", "no-cache").send(asset.body));
  }

  app.get("/", async (req, reply) => sendHtml(reply, landingPage(translator, localeOf(req))));

  const limited = { config: { rateLimit: { max: options.loginRateLimit ?? 20, timeWindow: "1 minute" } }, logLevel: "warn" as const };
  app.get("/login", limited, async (req, reply) => {
    const token = z.string().min(20).max(100).safeParse((req.query as { t?: unknown }).t);
    const state = token.success ? await loginLinkUsable(db, hashSecret(token.data), clock.now()) : "unknown";
    return sendHtml(reply, loginPage(translator, localeOf(req), token.success ? token.data : "", state), state === "ok" ? 200 : 410);
  });

  app.post("/login", limited, async (req, reply) => {
    const token = z.object({ t: z.string().min(20).max(100) }).safeParse(req.body);
    const opened = token.success ? await openSession(db, token.data.t, clock.now()) : { type: "unknown" as const };
    if (opened.type !== "ok") return sendHtml(reply, loginPage(translator, localeOf(req), "", opened.type), opened.type === "not_allowed" ? 403 : 410);
    void reply.setCookie(SESSION_COOKIE, opened.sessionId, { path: "/", httpOnly: true, sameSite: "lax", secure: secureCookie, maxAge: SESSION_TTL_MS / 1000 });
    return reply.code(303).header("location", "/console").send();
  });

  /** The session of the request, or a refusal already sent (login page for pages, 401 JSON for .json). */
  const requireSession = async (req: FastifyRequest, reply: FastifyReply) => {
    const now = clock.now();
    const live = await sessionOf(db, req.cookies[SESSION_COOKIE], now);
    if (!live) {
      if (req.url.includes(".json") || req.method !== "GET") return reply.code(401).send({ error: "no_session", message: translator.t(config.DEFAULT_LOCALE, { key: "console.no_session" }) });
      return sendHtml(reply, messagePage(translator, config.DEFAULT_LOCALE, "no_session"), 401);
    }
    await touchConsoleSession(db, live.session.id, now);
    req.consoleSession = live;
    req.consoleView = await viewOf(live);
  };

  const viewOf = async (live: LiveSession): Promise<ConsoleView> => {
    const province = live.person.roles.some((r) => r === "coordinator" || r === "admin");
    const unitIds = province ? null : live.person.unitId ? await unitSubtreeIds(db, live.person.unitId) : [];
    const locale = live.person.locale;
    return {
      locale,
      ...viewTranslator(translator, locale),
      person: live.person,
      csrf: live.session.csrfToken,
      unitIds,
      canBroadcast: province,
      isAdmin: live.person.roles.includes("admin"),
      approvals: province || live.person.roles.includes("unit_head"),
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
    await endConsoleSession(db, req.consoleSession!.session.id, clock.now());
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

    pages.get("/console", async (req, reply) => sendHtml(reply, await overviewPage(db, req.consoleView!, periodOf(req, thisYear()), clock.now())));
    pages.get("/console/units", async (req, reply) => sendHtml(reply, await unitListPage(db, req.consoleView!, noticeOf(req))));
    pages.get("/console/units/:id", async (req, reply) => {
      const unitId = id.safeParse((req.params as { id: string }).id);
      const page = unitId.success ? await unitPage(db, req.consoleView!, unitId.data, periodOf(req, thisYear()), clock.now(), noticeOf(req)) : undefined;
      return page ? sendHtml(reply, page) : notFound(req, reply);
    });
    // The same scope by API: a unit's status rows as JSON, refused (404) outside the reader's units.
    pages.get("/console/units/:id/status.json", async (req, reply) => {
      const unitId = id.safeParse((req.params as { id: string }).id);
      const view = req.consoleView!;
      if (!unitId.success || (view.unitIds !== null && !view.unitIds.includes(unitId.data))) return reply.code(404).send({ error: "not_found" });
      const rows = await reportingStatus(db, { periodKey: periodOf(req, thisYear()), unitIds: [unitId.data], now: clock.now() });
      return { unitId: unitId.data, summary: summariseByUnit(rows)[0] ?? null, overdue: rows.filter((r) => r.expected && !r.reported && r.state === "overdue").map((r) => ({ code: r.code, name: r.name, period: r.periodKey })) };
    });
    pages.get("/console/indicators/:id", async (req, reply) => {
      const indicatorId = id.safeParse((req.params as { id: string }).id);
      const page = indicatorId.success ? await indicatorPage(db, req.consoleView!, indicatorId.data, periodOf(req, thisYear()).slice(0, 4), clock.now()) : undefined;
      return page ? sendHtml(reply, page) : notFound(req, reply);
    });
    pages.get("/console/reports/:id", async (req, reply) => {
      const reportId = id.safeParse((req.params as { id: string }).id);
      const page = reportId.success ? await reportPage(db, req.consoleView!, reportId.data) : undefined;
      return page ? sendHtml(reply, page) : notFound(req, reply);
    });
    pages.get("/console/reports/:id/evidence/:n", async (req, reply) => {
      const params = z.object({ id, n: z.coerce.number().int().min(0).max(1000) }).safeParse(req.params);
      const file = params.success ? await evidenceFile(db, req.consoleView!, params.data.id, params.data.n) : undefined;
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
      const rows = await reportingStatus(db, { periodKey: period, unitIds: view.unitIds, now: clock.now() });
      const picture = chart === "completeness.png" ? await completenessPicture(summariseByUnit(rows), period, translator, view.locale) : await achievementPicture(rows.filter((r) => r.reported), period, translator, view.locale);
      return reply.type("image/png").header("cache-control", "private, max-age=60").send(Buffer.from(picture.png));
    });

    const kit: ConsolePageKit = { db, clock, translator, config, periodOf, thisYear, notFound };
    consoleBroadcastRoutes(pages, kit);
    consoleExportRoutes(pages, kit);

    consoleApprovalRoutes(pages, { ...kit, sessionTtlMinutes: options.sessionTtlMinutes ?? config.SESSION_TTL_MINUTES });
    consoleSetupRoutes(pages, kit);
    consoleUnitRoutes(pages, kit);
    consolePeopleRoutes(pages, kit);
    await consolePlanRoutes(pages, kit, [unitFileRoutes(kit), peopleFileRoutes(kit)]);

    pages.get("/console/zalo", async (req, reply) => {
      const view = req.consoleView!;
      if (!view.isAdmin) return sendForbidden(options, req, reply);
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
