import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import { closePeriod, listPeriods, PeriodError, reopenPeriod } from "../services/periods.ts";

const params = z.object({ id: z.string().regex(/^(\d+|\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]|9M))?)$/, "a period id (from GET /api/periods) or key such as 2026-11, 2026-Q4") });

/** GET /api/periods; POST /api/periods/:id/close and /reopen (id or key). Behind the admin token. */
export const adminPeriodRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get("/periods", async () => ({ periods: await listPeriods(deps.db, deps.clock.now()) }));

  for (const action of ["close", "reopen"] as const) {
    app.post(`/periods/:id/${action}`, async (req, reply) => {
      const p = params.safeParse(req.params);
      if (!p.success) return reply.code(400).send({ error: "bad_request", message: p.error.issues.map((i) => i.message).join("; ") });
      try {
        const run = action === "close" ? closePeriod : reopenPeriod;
        const row = await run(deps.db, p.data.id, { name: "admin-api" }, deps.clock.now());
        return { period: { id: row.id, key: row.key, kind: row.kind, startsOn: row.startsOn, endsOn: row.endsOn, closedAt: row.closedAt?.toISOString() ?? null } };
      } catch (err) {
        if (err instanceof PeriodError) return reply.code(404).send({ error: "not_found", message: err.message });
        throw err;
      }
    });
  }
};
