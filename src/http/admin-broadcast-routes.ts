import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import type { Audience } from "../chat/context.ts";
import { findUnitById } from "../../db/repositories/units-repository.ts";
import { periodRange } from "../domain/period-range.ts";
import { roles } from "../domain/roles.ts";
import { toVnParts } from "../domain/vn-time.ts";
import { previewAudience } from "../services/broadcast-audience.ts";
import { broadcastStatus, startBroadcast } from "../services/broadcasts.ts";
import { calendarOfConfig } from "../services/calendar-of-config.ts";
import { nextAllowedInstant } from "../domain/working-calendar.ts";

const audienceSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("all") }),
  z.object({ type: z.literal("not_reported"), periodKey: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]|9M))?$/, "a period key such as 2026-11, 2026-Q4, 2026") }),
  z.object({ type: z.literal("unit"), unitId: z.number().int().positive() }),
  z.object({ type: z.literal("role"), role: z.enum(roles) }),
]);

const createBody = z.object({
  audience: audienceSchema,
  text: z.string().trim().min(1, "text is empty").max(2000, "text is longer than 2,000 characters"),
  /** true: only count the recipients, send nothing. */
  dryRun: z.boolean().default(false),
  /** true: send at once, through quiet hours, a weekend or a holiday (urgent); otherwise it waits for the next working moment. */
  sendNow: z.boolean().default(false),
});

/** POST /api/broadcasts (preview with dryRun, else send), GET /api/broadcasts/:id. Behind the admin token. */
export const adminBroadcastRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post("/broadcasts", async (req, reply) => {
    const body = createBody.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ error: "bad_request", message: body.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") });
    const audience = body.data.audience as Audience;
    const refused = await refuseAudience(deps, audience);
    if (refused) return reply.code(refused.status).send(refused.body);
    const preview = await previewAudience(deps.db, audience);
    const now = deps.clock.now();
    const notBefore = body.data.sendNow ? now : nextAllowedInstant(now, calendarOfConfig(deps.config));
    if (body.data.dryRun) return { dryRun: true, preview, sendsAt: notBefore.toISOString() };
    if (preview.linked === 0) return reply.code(422).send({ error: "no_recipients", message: `Nobody to send to: ${preview.people} people match, none has a linked chat account.`, preview });
    const status = await startBroadcast(deps.db, { audience, text: body.data.text, source: "admin-api", createdByPersonId: null, notBefore }, now);
    return reply.code(201).send({ broadcast: status, preview, sendsAt: notBefore.toISOString() });
  });

  app.get("/broadcasts/:id", async (req, reply) => {
    const id = z.coerce.number().int().positive().safeParse((req.params as { id: string }).id);
    if (!id.success) return reply.code(400).send({ error: "bad_request", message: "id must be a positive number" });
    const status = await broadcastStatus(deps.db, id.data);
    return status ? { broadcast: status } : reply.code(404).send({ error: "not_found", message: `No broadcast ${id.data}.` });
  });
};

/** An audience that names what does not exist (a unit) or what cannot be behind yet (a period not started): a 4xx, not an empty preview. */
async function refuseAudience(deps: AppDeps, audience: Audience): Promise<{ status: 404 | 422; body: { error: string; message: string } } | undefined> {
  if (audience.type === "unit" && !await findUnitById(deps.db, audience.unitId)) {
    return { status: 404, body: { error: "not_found", message: `No unit ${audience.unitId}. GET /api/catalogue or npm run -s cli -- units list shows the units.` } };
  }
  if (audience.type === "not_reported") {
    const range = periodRange(audience.periodKey);
    const { year, month, day } = toVnParts(deps.clock.now());
    const today = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    if (range && range.startsOn > today) {
      return { status: 422, body: { error: "period_not_started", message: `Period ${audience.periodKey} starts on ${range.startsOn}: nobody can be behind on it yet.` } };
    }
  }
  return undefined;
}
