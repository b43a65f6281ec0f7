import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { mimeTypeOf } from "../outbox/outbox-file.ts";
import type { FileLinks } from "../services/file-links.ts";

export interface FileLinkRouteOptions {
  links: FileLinks;
  /** DATA_DIR/outbox-files. */
  dir: string;
}

const params = z.object({ token: z.string().max(80), fileName: z.string().regex(/^[A-Za-z0-9._-]{1,120}\.(xlsx|png)$/) });

/**
 * GET /files/<token>/<file name>: a file the outbox stored for a chat, while its signed link lasts.
 * A wrong or altered token (another row, another name) is 404 — it says nothing of what exists; an
 * expired one is 410. No cache may keep it.
 */
export const fileLinkRoutes: FastifyPluginAsync<FileLinkRouteOptions> = async (app, o) => {
  app.get("/files/:token/:fileName", async (req, reply) => {
    const p = params.safeParse(req.params);
    if (!p.success) return reply.code(404).send({ error: "not_found", message: "No such file." });
    const checked = o.links.verify(p.data.token, p.data.fileName);
    if ("error" in checked) {
      return checked.error === "expired"
        ? reply.code(410).send({ error: "expired", message: "This download link has expired: ask the bot again (/xuat)." })
        : reply.code(404).send({ error: "not_found", message: "No such file." });
    }
    const path = join(o.dir, String(checked.outboxId), p.data.fileName);
    const found = await stat(path).catch(() => undefined);
    if (!found?.isFile()) return reply.code(410).send({ error: "expired", message: "This file is no longer kept: ask the bot again (/xuat)." });
    return reply
      .header("content-type", mimeTypeOf(p.data.fileName))
      .header("content-length", found.size)
      .header("content-disposition", `attachment; filename="${p.data.fileName}"`)
      .header("cache-control", "private, no-store")
      .header("x-content-type-options", "nosniff")
      .send(await readFile(path));
  });
};
