import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { peekAll } from "../support/peek.ts";
import { repoRoot } from "../support/start-service.ts";

const migrationCount = (JSON.parse(readFileSync(join(repoRoot, "db/migrations/meta/_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A process that loads db/client.ts, says "ready", and opens `file` when told "go" on stdin, as a CLI
 * call or the service does: the test lets them all go at once, so they find the file new together.
 */
function childOpening(file: string) {
  const code = [
    `const { openDatabase, closeDatabase } = await import(${JSON.stringify(join(repoRoot, "db/client.ts"))});`,
    `process.stdout.write("ready\\n");`,
    `process.stdin.once("data", async () => { await closeDatabase(openDatabase(process.argv[1])); process.exit(0); });`,
  ].join(" ");
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code, file], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((done) => child.stdout.once("data", () => done()));
  const ended = new Promise<{ code: number | null; stderr: string }>((done, fail) => {
    child.once("error", fail);
    child.once("close", (exit) => done({ code: exit, stderr }));
  });
  return { ready, go: () => child.stdin.write("go\n"), ended };
}

describe("a new database file opened by several processes at once", { timeout: 120_000 }, () => {
  it("is migrated once: none of them fails on a table another one just created", async () => {
    for (let round = 0; round < 2; round += 1) {
      const dir = mkdtempSync(join(tmpdir(), "chitieu-fresh-"));
      dirs.push(dir);
      const file = join(dir, "chitieu.db");
      const children = Array.from({ length: 6 }, () => childOpening(file));
      await Promise.all(children.map((c) => c.ready));
      for (const child of children) child.go();
      const runs = await Promise.all(children.map((c) => c.ended));
      for (const run of runs) expect(run).toEqual({ code: 0, stderr: "" });
      const db = openDatabase(file);
      try {
        // Every migration recorded exactly once.
        const applied = await peekAll<{ hash: string }>(db, "select hash from __drizzle_migrations");
        expect(applied).toHaveLength(migrationCount);
        expect(new Set(applied.map((m) => m.hash)).size).toBe(migrationCount);
      } finally {
        await closeDatabase(db);
      }
    }
  });
});
