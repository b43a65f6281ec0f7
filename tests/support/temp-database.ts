import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDatabase, openDatabase, type Db } from "../../db/client.ts";

/** A real SQLite file in a fresh temp folder (or an existing one, to reopen it), migrated; remove() closes and deletes it. */
export function tempDatabase(existingDir?: string): { db: Db; dir: string; file: string; remove: () => void } {
  const dir = existingDir ?? mkdtempSync(join(tmpdir(), "chitieu-test-"));
  const file = join(dir, "chitieu.db");
  const db = openDatabase(file);
  return {
    db,
    dir,
    file,
    // SQLite closes at once (closeDatabase's promise is settled when it returns): remove stays synchronous for afterEach hooks.
    remove: () => {
      void closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
