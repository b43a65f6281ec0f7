import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Db } from "../../db/client.ts";
import { deleteUnconfirmedPlanFiles, planFileHashesInUse } from "../../db/repositories/plan-files-repository.ts";

/** How long an upload awaits its confirmation before it is forgotten (the preview page says nothing of it after a day). */
export const UNCONFIRMED_UPLOAD_MS = 24 * 3_600_000;

/**
 * Forgets the plan uploads never confirmed for a day (their plan_files rows) and removes from
 * DATA_DIR/plan-files the bytes no row names any more — those rows' and a removed plan's — once they
 * are a day old, so an upload being kept right now (bytes written, row not yet inserted) is never
 * touched. Bytes another row still names (the same file uploaded twice) are kept.
 */
export async function prunePlanFiles(db: Db, dataDir: string, now: Date): Promise<{ uploads: number; files: number }> {
  const before = new Date(now.getTime() - UNCONFIRMED_UPLOAD_MS);
  const uploads = (await deleteUnconfirmedPlanFiles(db, before)).length;
  const dir = join(dataDir, "plan-files");
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [] as string[];
    throw err;
  });
  const inUse = await planFileHashesInUse(db);
  let files = 0;
  for (const name of names) {
    if (!/^[0-9a-f]{64}$/.test(name) || inUse.has(name)) continue;
    const path = join(dir, name);
    if ((await stat(path)).mtimeMs >= before.getTime()) continue;
    await rm(path, { force: true });
    files += 1;
  }
  return { uploads, files };
}
