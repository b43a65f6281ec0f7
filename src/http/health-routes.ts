import type { FastifyPluginAsync } from "fastify";
import { pingDatabase } from "../../db/client.ts";
import type { AppDeps } from "../app.ts";

export const healthRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get("/healthz", async (_req, reply) => {
    let database = false;
    try {
      database = pingDatabase(deps.db);
    } catch (err) {
      deps.logger.error({ err }, "health check: database unreachable");
    }
    const status = database ? "ok" : "degraded";
    return reply.code(database ? 200 : 503).send({ status, database: database ? "ok" : "error", time: deps.clock.now().toISOString() });
  });
};
