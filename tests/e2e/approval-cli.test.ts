import { sqliteConnection } from "../../db/client.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, closeDatabase } from "../../db/client.ts";
import { runCli } from "../support/run-cli.ts";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const SEED_000 = join(root, "db/seed/plans/000_de3e58c86f8da385.txt");

describe("approval and the lock from the command line, in Vietnamese", { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-approval-cli-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = (...args: string[]) => runCli(dataDir, args, { NODE_ENV: "test" });
  const audit = async () => {
    const db = openDatabase(join(dataDir, "chitieu.db"));
    try {
      return sqliteConnection(db)!.prepare("select actor, action, entity, entity_id as entityId from audit_log where action like 'plan.%' or action like 'period.%' order by id").all();
    } finally {
      await closeDatabase(db);
    }
  };

  it("turns approval on for a plan, sets its cutoff, and lists both", async () => {
    expect((await cli("catalogue", "import", SEED_000)).code).toBe(0);
    const on = await cli("plans", "approval", "52/KH-UBND", "bat");
    expect(on.stderr).toBe("");
    expect(on.stdout).toContain("Kế hoạch 52/KH-UBND: đã bật duyệt số liệu");
    const lock = await cli("plans", "lock", "52/KH-UBND", "7");
    expect(lock.stdout).toContain("khoá sổ sau hạn 7 ngày");
    const list = await cli("plans", "list");
    expect(list.stdout.split("\n").find((l) => l.startsWith("52/KH-UBND"))?.split(/\s{2,}/)).toEqual(["52/KH-UBND", "bật", "7", "—"]);
  });

  it("explains a wrong call in Vietnamese, with exit code 2", async () => {
    const bad = await cli("plans", "approval", "52/KH-UBND", "maybe");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Cách dùng: plans approval");
    const missing = await cli("plans", "approval", "99/KH", "on");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Không có kế hoạch "99/KH"');
    const period = await cli("periods", "close", "tháng 11");
    expect(period.code).toBe(2);
    expect(period.stderr).toContain("không phải một kỳ báo cáo");
  });

  it("closes and reopens a period, each with an audit row", async () => {
    expect((await cli("periods", "close", "2026-11")).stdout).toContain("Đã khoá sổ kỳ 2026-11");
    expect((await cli("periods", "list")).stdout.split("\n").find((l) => l.startsWith("2026-11"))).toContain("đã khoá sổ");
    expect((await cli("periods", "open", "2026-11")).stdout).toContain("Đã mở khoá kỳ 2026-11");
    expect((await cli("periods", "list")).stdout.split("\n").find((l) => l.startsWith("2026-11"))).not.toContain("đã khoá sổ");
    expect(await audit()).toEqual([
      { actor: "cli", action: "plan.approval", entity: "plan", entityId: "1" },
      { actor: "cli", action: "plan.lock_days", entity: "plan", entityId: "1" },
      { actor: "cli", action: "period.close", entity: "period", entityId: "2026-11" },
      { actor: "cli", action: "period.reopen", entity: "period", entityId: "2026-11" },
    ]);
  });
});
