import Fastify from "fastify";
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import { healthRoutes } from "./http/health-routes.ts";
import { adminRoutes } from "./http/admin-routes.ts";

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
}

/** The HTTP plugin tree. Built by a function so tests drive it with app.inject or a real port 0. */
export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: 1_048_576,
  });
  await app.register(healthRoutes, { deps });
  await app.register(adminRoutes, { deps, prefix: "/api" });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
