import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { ChatService } from "../../src/chat/chat-service.ts";
import type { Db } from "../../db/client.ts";
import { resolveDevUser } from "./resolve-dev-user.ts";
import { devChatPage } from "./dev-chat-page.ts";
import { devInboxRoutes } from "./dev-inbox-routes.ts";

const body = z.object({
  user: z.string().trim().min(1, "user is required: a phone, a name or a person id").max(100),
  text: z.string().max(10_000).optional(),
  choice: z.string().max(64).optional(),
  /** Lets the dev chat (and tests) send what a phone would: a photo, a file, a sticker. */
  attachment: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.enum(["photo", "document"]), fileId: z.string().min(1).max(200), fileName: z.string().max(255).optional(), mimeType: z.string().max(100).optional(), sizeBytes: z.number().int().min(0).optional() }),
      z.object({ kind: z.enum(["sticker", "voice", "video", "audio", "location", "contact", "other"]) }),
    ])
    .optional(),
  /** Optional id of this message: sending the same id twice is a redelivery and changes nothing. */
  id: z.string().max(100).optional(),
});

/**
 * The conversation core over plain HTTP, for trying flows without a bot token: POST /dev/chat
 * and a page at /dev. Registered only when the dev chat is on and never in production.
 */
export const devChatRoutes: FastifyPluginAsync<{ chat: ChatService; db: Db }> = async (app, { chat, db }) => {
  app.post("/dev/chat", async (req, reply) => {
    const parsed = body.safeParse(req.body);
    if (!parsed.success) {
      return reply.code(400).send({ error: "bad_request", message: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") });
    }
    const { user, text, choice, id, attachment } = parsed.data;
    const chatId = await resolveDevUser(db, user);
    if (id && !await chat.claimUpdate("devchat", `${chatId}:${id}`)) return { replies: [], duplicate: true };
    let outcome;
    try {
      outcome = await chat.handle({
        channel: "devchat",
        accountId: "",
        chatId,
        senderId: chatId,
        ...(text !== undefined ? { text } : {}),
        ...(choice !== undefined ? { choice } : {}),
        ...(attachment ? { attachment } : {}),
        ...(id ? { updateRef: `devchat:${chatId}:${id}` } : {}),
      });
    } finally {
      if (id) await chat.finishUpdate("devchat", `${chatId}:${id}`);
    }
    return { replies: outcome.replies, ...(outcome.errorRef ? { errorRef: outcome.errorRef } : {}) };
  });

  app.get("/dev", async (_req, reply) => reply.type("text/html; charset=utf-8").send(await devChatPage(db)));
  await app.register(devInboxRoutes, { db });
};
