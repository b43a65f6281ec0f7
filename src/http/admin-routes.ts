import { timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import { allCataloguesJson } from "../services/catalogue-json.ts";
import { adminPeriodRoutes } from "./admin-period-routes.ts";
import { adminBroadcastRoutes } from "./admin-broadcast-routes.ts";
import { reportRoutes } from "./report-routes.ts";

const catalogueQuery = z.object({ plan: z.string().max(200).optional() });

/**
 * The admin API. Every route needs `Authorization: Bearer <ADMIN_TOKEN>`; with no token configured
 * the API is closed (403) rather than open.
 */
export const adminRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.addHook("onRequest", async (req, reply) => requireAdminToken(deps.config.ADMIN_TOKEN, req, reply));
  // Fastify's own 4xx (a body that is not JSON, too large, a wrong content type) in the API's shape: {error, message}.
  app.setErrorHandler(async (err: { statusCode?: number; message: string }, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: "bad_request", message: err.message });
    req.log.error({ err }, "admin API error");
    return reply.code(500).send({ error: "internal", message: "Something went wrong on our side; the log has the details." });
  });

  app.get("/catalogue", async (req, reply) => {
    const query = catalogueQuery.safeParse(req.query);
    if (!query.success) return reply.code(400).send({ error: "bad_request", message: "plan must be a string of at most 200 characters" });
    return { plans: await allCataloguesJson(deps.db, (m) => deps.translator.t(deps.config.DEFAULT_LOCALE, m), query.data.plan) };
  });

  await app.register(adminPeriodRoutes, { deps });
  await app.register(adminBroadcastRoutes, { deps });
  await app.register(reportRoutes, { deps });
};

async function requireAdminToken(token: string | undefined, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!token) {
    await reply.code(403).send({ error: "admin_api_disabled", message: "Set ADMIN_TOKEN to use the admin API." });
    return;
  }
  const header = req.headers.authorization ?? "";
  const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    await reply.code(401).send({ error: "unauthorized", message: "Send Authorization: Bearer <ADMIN_TOKEN>." });
  }
}
