import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Clock } from "../clock.ts";
import type { FileLinks } from "../services/file-links.ts";
import type { ChannelSender, ReadyFile, SendResult } from "./channel-sender.ts";
import { mimeTypeOf, type FileRecipe } from "./outbox-file.ts";

export interface OutboxFilesOptions {
  /** DATA_DIR/outbox-files: one folder per outbox row, named by its id. */
  dir: string;
  /** The bytes of a recipe (services/chat-files.ts); a FileRecipeError is final, anything else is retried. */
  build(recipe: FileRecipe): Promise<Uint8Array>;
  links?: FileLinks;
  clock: Clock;
}

/** The recipe cannot be built (its plan was removed): the row fails, it is not retried. */
export class FileRecipeError extends Error {
  override name = "FileRecipeError";
}

/** A folder without a link is kept this long at most (a row that ended "failed" after retries leaves one). */
const ORPHAN_MS = 24 * 3_600_000;

/**
 * A sender that also sends files. A row's file is built from its recipe on the first attempt and
 * stored in DATA_DIR/outbox-files/<outbox id>/ (written to a temporary name, then renamed), so a
 * retry or a restart after a crash sends the same bytes without building them again. Once the
 * channel answered for good (sent, blocked, refused) the folder is removed — unless the channel
 * sent a signed link to it: then it is kept until the link expires (file "expires" in the folder),
 * and removed by the next sweep after that.
 */
export function withOutboxFiles(sender: ChannelSender, o: OutboxFilesOptions): ChannelSender {
  return {
    ...sender,
    async send(m): Promise<SendResult> {
      const file = m.payload.file;
      if (!file) return sender.send(m);
      await sweepOutboxFiles(o.dir, o.clock.now());
      const folder = join(o.dir, String(m.outboxId));
      const path = join(folder, file.fileName);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(path);
      } catch {
        try {
          bytes = await o.build(file.recipe);
        } catch (err) {
          const error = `could not build ${file.fileName}: ${err instanceof Error ? err.message : String(err)}`;
          return err instanceof FileRecipeError ? { status: "failed", error } : { status: "transient", error };
        }
        await mkdir(folder, { recursive: true });
        await writeFile(`${path}.part`, bytes);
        await rename(`${path}.part`, path);
      }
      let linkedUntil: Date | undefined;
      const ready: ReadyFile = {
        kind: file.kind,
        fileName: file.fileName,
        mimeType: mimeTypeOf(file.fileName),
        bytes,
        path,
        link() {
          const link = o.links?.sign(m.outboxId, file.fileName);
          if (link) linkedUntil = link.expiresAt;
          return link;
        },
      };
      const result = await sender.send({ ...m, file: ready });
      if (result.status === "retry_after" || result.status === "transient") return result;
      if (linkedUntil) await writeFile(join(folder, "expires"), String(linkedUntil.getTime()));
      else await rm(folder, { recursive: true, force: true });
      return result;
    },
  };
}

/** Removes the folders whose links have expired, and folders left without a link for a day. */
export async function sweepOutboxFiles(dir: string, now: Date): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const folder = join(dir, name);
    const expires = await readFile(join(folder, "expires"), "utf8").then(Number, () => undefined);
    const old = expires !== undefined ? expires <= now.getTime() : await stat(folder).then((s) => Date.now() - s.mtimeMs > ORPHAN_MS, () => false);
    if (old) {
      await rm(folder, { recursive: true, force: true });
      removed += 1;
    }
  }
  return removed;
}
