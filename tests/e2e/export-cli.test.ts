import { sqliteConnection } from "../../db/client.ts";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { planTablesOf } from "../../db/repositories/plan-layout-repository.ts";
import { reportingStatus } from "../../src/services/reporting-status.ts";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const SEED_004 = join(root, "db/seed/plans/004_c4fb2f6b96d432ca.txt");

function cli(dataDir: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: "C.UTF-8", LC_ALL: "", DATA_DIR: dataDir, NODE_ENV: "test" };
  delete env.DATABASE_FILE;
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((done, fail) => {
    child.once("error", fail);
    child.once("close", (code) => done({ code, stdout, stderr }));
  });
}

describe("npm run cli -- export", { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-export-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("writes the plan's workbook and the CSV with the same rows as the read model", async () => {
    const imported = await cli(dataDir, "catalogue", "import", SEED_004, "--plan", "QĐ 11/2026");
    expect(imported.code, imported.stderr).toBe(0);
    const xlsx = join(dataDir, "qd11.xlsx");
    const run = await cli(dataDir, "export", "--plan", "QĐ 11/2026", "--period", "2026-11", "--out", xlsx);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const db = openDatabase(join(dataDir, "chitieu.db"));
    try {
      const planId = (sqliteConnection(db)!.prepare("select id from plans").get() as { id: number }).id;
      expect(workbook.worksheets.map((w) => w.name)).toEqual([...(await planTablesOf(db, planId)).map((t) => t.title.split(":")[0]), "Tổng hợp", "Nhiệm vụ", "Dữ liệu"]);
      const rows = await reportingStatus(db, { periodKey: "2026-11", planId, now: new Date() });
      expect(workbook.getWorksheet("Dữ liệu")!.rowCount - 2).toBe(rows.length);
      const csv = join(dataDir, "all.csv");
      expect((await cli(dataDir, "export", "--period", "2026-11", "--out", csv)).code).toBe(0);
      const records = parse(readFileSync(csv, "utf8").replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
      expect(records.map((r) => r["Đơn vị"])).toEqual(rows.map((r) => r.unitName));
    } finally {
      await closeDatabase(db);
    }
  });

  it("refuses an unknown plan or period with exit 2 and leaves no file", async () => {
    const said = ['Không có kế hoạch "99/KH-XYZ"', '"tháng 11" không phải một kỳ báo cáo'];
    for (const [i, args] of [["--plan", "99/KH-XYZ", "--period", "2026-11"], ["--plan", "QĐ 11/2026", "--period", "tháng 11"]].entries()) {
      const out = join(dataDir, "nothing.xlsx");
      const run = await cli(dataDir, "export", ...args, "--out", out);
      expect(run.code).toBe(2);
      // In the CLI's language (Vietnamese here), as every other refusal.
      expect(run.stderr).toContain(said[i]);
      expect(run.stderr).not.toContain("at ");
      expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    }
  });
});
