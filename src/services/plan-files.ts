import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Db } from "../../db/client.ts";
import { findPlanFile, insertPlanFile, type PlanFileRow } from "../../db/repositories/plan-files-repository.ts";
import type { SetupActor } from "./unit-standing.ts";

/** The largest plan file the console takes (a plan's .docx or .pdf is far smaller). */
export const MAX_PLAN_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Keeps an uploaded plan file: its bytes in DATA_DIR/plan-files/<sha256> (the same bytes twice are
 * one file), a row saying what it was called, who gave it and when. The row has no plan until the
 * import it carries is saved (importPlanFile attaches it).
 */
export async function keepPlanFile(db: Db, dataDir: string, file: { bytes: Uint8Array; fileName: string }, actor: SetupActor, now: Date): Promise<PlanFileRow> {
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const dir = join(dataDir, "plan-files");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, sha256), file.bytes, { mode: 0o600 });
  return await insertPlanFile(db, {
    fileName: basename(file.fileName).slice(0, 200) || "plan",
    sizeBytes: file.bytes.byteLength,
    sha256,
    uploadedByPersonId: actor.personId,
    uploadedBy: actor.name,
    uploadedAt: now,
  });
}

/** A kept plan file with its bytes, or undefined when the row or its bytes are gone. */
export async function planFileWithBytes(db: Db, dataDir: string, id: number): Promise<{ row: PlanFileRow; bytes: Uint8Array } | undefined> {
  const row = await findPlanFile(db, id);
  if (!row || !/^[0-9a-f]{64}$/.test(row.sha256)) return undefined;
  const bytes = await readFile(join(dataDir, "plan-files", row.sha256)).catch(() => undefined);
  return bytes ? { row, bytes: new Uint8Array(bytes) } : undefined;
}
