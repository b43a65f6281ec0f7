import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { sentOutboxMessages } from "../../db/repositories/outbox-repository.ts";
import { channelCapabilities } from "../../src/chat/channel-capabilities.ts";
import { outboxPayloadSchema } from "../../src/outbox/outbox-payload.ts";
import { renderOutboxPayload } from "../../src/outbox/render-outbox.ts";
import { resolveDevUser } from "./resolve-dev-user.ts";

const query = z.object({
  user: z.string().trim().min(1, "user is required: a phone, a name or a person id").max(100),
  /** Only messages after this one (the last id the caller has seen). */
  after: z.coerce.number().int().min(0).default(0),
});

/**
 * GET /dev/inbox?user=0912000001[&after=<id>]: the messages the outbox delivered to a dev-chat
 * user (reminders, escalations, broadcasts), oldest first; an edit (edit: true) replaces the
 * message with the same messageId.
 */
export const devInboxRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get("/dev/inbox", async (req, reply) => {
    const parsed = query.safeParse(req.query);
    if (!parsed.success) {
      return reply.code(400).send({ error: "bad_request", message: parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ") });
    }
    const chatId = await resolveDevUser(db, parsed.data.user);
    const messages = (await sentOutboxMessages(db, "devchat", chatId, parsed.data.after, 100)).flatMap((row) => {
      const payload = outboxPayloadSchema.safeParse(row.payload);
      // No message id: an edit that a later edit replaced, never shown.
      if (!payload.success || !row.externalMessageId) return [];
      // As it was sent: rendered from its keys in its language (the dispatcher's render path).
      const shown = renderOutboxPayload(payload.data, row.locale ?? "vi", channelCapabilities("devchat").buttons);
      return [
        {
          id: row.id,
          kind: row.kind,
          text: shown.text,
          choices: shown.choices ?? [],
          /** The message shown; an edit carries the id of the message it replaces. */
          messageId: row.externalMessageId,
          edit: payload.data.edit !== undefined,
          sentAt: row.sentAt?.toISOString() ?? null,
        },
      ];
    });
    return { messages };
  });
};
