import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** How long an uploaded list waits for its confirmation before housekeeping forgets it. */
export const LIST_UPLOAD_TTL_MS = 24 * 3_600_000;

/** The kinds of list file the importers read (import-units.ts, import-people.ts). */
const listFileName = /\.(csv|xlsx)$/i;
/** An upload's id: the sha256 of its bytes and its kind, nothing a reader could steer into a path. */
const uploadId = /^[0-9a-f]{64}\.(csv|xlsx)$/;

/** Whether a file's name says it is a list the console takes (CSV or XLSX). */
export function isListFileName(fileName: string): boolean {
  return listFileName.test(fileName);
}

const dirOf = (dataDir: string, personId: number) => join(dataDir, "list-uploads", String(personId));

/**
 * Keeps an uploaded unit or people list between its preview and its confirmation:
 * DATA_DIR/list-uploads/<person id>/<sha256>.<csv|xlsx>, dated by the injected clock. The id it returns
 * names the bytes only within the uploader's own folder, so another person's id finds nothing.
 */
export async function keepListUpload(dataDir: string, personId: number, file: { bytes: Uint8Array; fileName: string }, now: Date): Promise<string> {
  const ext = /\.xlsx$/i.test(file.fileName) ? "xlsx" : "csv";
  const id = `${createHash("sha256").update(file.bytes).digest("hex")}.${ext}`;
  const dir = dirOf(dataDir, personId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, id), file.bytes, { mode: 0o600 });
  await utimes(join(dir, id), now, now);
  return id;
}

/** The bytes an upload id names for this person (with a file name the importers read), or undefined. */
export async function keptListUpload(dataDir: string, personId: number, id: string): Promise<{ bytes: Uint8Array; fileName: string } | undefined> {
  if (!uploadId.test(id)) return undefined;
  const bytes = await readFile(join(dirOf(dataDir, personId), id)).catch(() => undefined);
  return bytes ? { bytes: new Uint8Array(bytes), fileName: `list.${id.split(".")[1]}` } : undefined;
}

/** Forgets the uploaded lists kept longer than LIST_UPLOAD_TTL_MS; returns how many. */
export async function pruneListUploads(dataDir: string, now: Date): Promise<number> {
  const root = join(dataDir, "list-uploads");
  const people = await readdir(root).catch(() => [] as string[]);
  let forgotten = 0;
  for (const person of people) {
    const dir = join(root, person);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, name);
      const kept = await stat(path).catch(() => undefined);
      if (kept && now.getTime() - kept.mtimeMs > LIST_UPLOAD_TTL_MS) {
        await rm(path, { force: true });
        forgotten += 1;
      }
    }
  }
  return forgotten;
}
