import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { demoPeople } from "../../db/seed/demo-organisation.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { runCli } from "../support/run-cli.ts";
import { isAlive, startService } from "../support/start-service.ts";

const translator = createTranslator("vi");

describe("cli db backup", { timeout: 90_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-backup-"));
  const backupDir = mkdtempSync(join(tmpdir(), "chitieu-backup-out-"));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(backupDir, { recursive: true, force: true });
  });

  it("copies the database while the service runs: a consistent file, mode 600, with everything committed so far", async () => {
    const service = startService(["node", "--import", "tsx", "src/main.ts"], dataDir, { NODE_ENV: "development" });
    const { port, servicePid } = await service.ready;
    try {
      const out = join(backupDir, "chitieu-backup.db");
      const run = await runCli(dataDir, ["db", "backup", "--out", out], { LANG: "en_US.UTF-8" });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Backed up the database to ${out}`);
      expect((statSync(out).mode & 0o777).toString(8)).toBe("600");
      const copy = new Database(out, { readonly: true });
      try {
        expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
        expect((copy.prepare("select count(*) as n from people").get() as { n: number }).n).toBe(demoPeople.length);
        expect((copy.prepare("select count(*) as n from plans").get() as { n: number }).n).toBeGreaterThan(0);
      } finally {
        copy.close();
      }
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      const again = await runCli(dataDir, ["db", "backup", "--out", out], { LANG: "vi_VN.UTF-8" });
      expect(again.code).toBe(2);
      expect(again.stderr.trim()).toBe(translator.t("vi", { key: "ops.backup.exists", params: { file: out } }));
    } finally {
      process.kill(servicePid, "SIGTERM");
      await service.exited;
      if (isAlive(servicePid)) process.kill(servicePid, "SIGKILL");
    }
  });

  it("asks politely where the backup goes, and refuses to write over the database itself", async () => {
    const missing = await runCli(dataDir, ["db", "backup"], { LANG: "vi_VN.UTF-8" });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(translator.t("vi", { key: "ops.backup.needOut" }));
    const database = join(dataDir, "chitieu.db");
    const same = await runCli(dataDir, ["db", "backup", "--out", database], { LANG: "en_US.UTF-8" });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("Cannot back up into the database file itself");
  });
});
