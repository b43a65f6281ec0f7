import type { FastifyPluginAsync } from "fastify";
import { pingDatabase } from "../../db/client.ts";
import type { AppDeps } from "../app.ts";

/**
 * GET /healthz: the database (503 when it does not answer: the service cannot work) and each
 * channel as it last reported (up; down since when and why; starting; off). A channel that is down
 * makes the status "degraded" but not a 503: restarting the service would not bring it back (a kick,
 * a refused token, a webhook URL Zalo refuses), and the other channels keep working.
 */
export const healthRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get("/healthz", async (_req, reply) => {
    let database = false;
    try {
      database = await pingDatabase(deps.db);
    } catch (err) {
      deps.logger.error({ err }, "health check: database unreachable");
    }
    const channels = deps.channelStatus?.all() ?? {};
    const channelDown = Object.values(channels).some((c) => c.state === "down");
    const status = database && !channelDown ? "ok" : "degraded";
    return reply.code(database ? 200 : 503).send({
      status,
      database: database ? "ok" : "error",
      ...(Object.keys(channels).length > 0 ? { channels } : {}),
      time: deps.clock.now().toISOString(),
    });
  });
};
