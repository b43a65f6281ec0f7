import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { AssignedItem } from "../../src/services/assignments.ts";
import type { CatalogueJson } from "../../src/services/catalogue-json.ts";
import type { SaveCatalogueResult } from "../../src/services/save-catalogue.ts";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const seeds = resolve(root, "db/seed/plans");
const SEED_000 = join(seeds, "000_de3e58c86f8da385.txt");
const SEED_002 = join(seeds, "002_38904106135b1d27.txt");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI the way `npm run -s cli --` does, on the given data folder, in Vietnamese (a terminal not set to English). */
function cli(dataDir: string, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: "C.UTF-8", LC_ALL: "", DATA_DIR: dataDir, NODE_ENV: "test" };
  delete env.DATABASE_FILE;
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.once("error", fail);
    child.once("close", (code) => done({ code, stdout, stderr }));
  });
}

function json<T>(run: Run): T {
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
}

type ImportJson = CatalogueJson & { saved: SaveCatalogueResult };

describe("the command line on a fresh data folder", { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-cli-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints its commands with --help and exits 0", async () => {
    const run = await cli(dataDir, "--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Cách dùng");
    for (const command of ["catalogue import", "people import", "assign add", "units list", "db backup"]) expect(run.stdout).toContain(command);
  });

  it("imports seed 000 as plan 52/KH-UBND and prints the catalogue, its problems and what was saved as JSON", async () => {
    const out = json<ImportJson>(await cli(dataDir, "catalogue", "import", SEED_000, "--json"));
    expect(out.plan).toMatchObject({ number: "52/KH-UBND", key: "52/khubnd", date: "2026-02-06" });
    expect(out.indicators).toHaveLength(19);
    expect(out.indicators.find((i) => i.code === "II.1")?.targets[0]?.parsed).toMatchObject({ kind: "at_least", value: 3, percent: true });
    expect(Array.isArray(out.problems)).toBe(true);
    for (const p of out.problems) expect(p).toEqual({ line: expect.any(Number), severity: expect.stringMatching(/^(error|review)$/), code: expect.any(String), key: expect.any(String), params: expect.any(Object), message: expect.any(String), text: expect.any(String) });
    expect(out.saved.plan.change).toBe("created");
    expect(out.saved.indicators).toEqual({ created: 19, updated: 0, unchanged: 0, removed: [] });
    expect(out.saved.assignments.created).toBeGreaterThan(0);
  });

  it("does not save a dry run: seed 002 is read but no plan appears in the list", async () => {
    const dry = json<CatalogueJson & { dryRun: boolean; saved?: unknown }>(await cli(dataDir, "catalogue", "import", SEED_002, "--dry-run", "--json"));
    expect(dry.dryRun).toBe(true);
    expect(dry.saved).toBeUndefined();
    expect(dry.indicators).toHaveLength(50);

    const list = json<CatalogueJson[]>(await cli(dataDir, "catalogue", "list", "--json"));
    expect(list.map((c) => c.plan.number)).toEqual(["52/KH-UBND"]);
    expect(list.map((c) => c.plan.key)).not.toContain("file:002_38904106135b1d27.txt");
  });

  it("lists one plan with --plan, with the units its assignments resolved to", async () => {
    const list = json<CatalogueJson[]>(await cli(dataDir, "catalogue", "list", "--plan", "52/KH-UBND", "--json"));
    expect(list).toHaveLength(1);
    expect(list[0]?.indicators).toHaveLength(19);
    expect(list[0]?.indicators.find((i) => i.code === "III.6")?.assignedUnits).toEqual({ lead: ["Sở Khoa học và Công nghệ"], monitoring: ["Sở Khoa học và Công nghệ"] });
  });

  it("imports people from a CSV and prints their invite codes as CSV, reporting the unknown unit on stderr", async () => {
    const csv = join(dataDir, "can-bo.csv");
    writeFileSync(csv, ["họ tên,số điện thoại,đơn vị,vai trò", "Nguyễn Văn An,0987654321,Sở KH&CN,đầu mối", "Trần Thị Bình,0987654322,Sở Tài chính,lãnh đạo", "Lê Văn Cường,0987654323,Sở Không Tồn Tại,đầu mối", ""].join("\n"));
    const run = await cli(dataDir, "people", "import", csv, "--csv");
    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trim().split("\n");
    expect(header).toBe("họ tên,số điện thoại,đơn vị,vai trò,mã mời,hết hạn,trạng thái");
    const codeColumn = header?.split(",").indexOf("mã mời") ?? -1;
    expect(rows.map((r) => r.split(",").slice(0, 3))).toEqual([
      ["Nguyễn Văn An", "0987654321", "Sở Khoa học và Công nghệ"],
      ["Trần Thị Bình", "0987654322", "Sở Tài chính"],
    ]);
    for (const row of rows) expect(row.split(",")[codeColumn]).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(run.stderr).toMatch(/dòng 4: .*Sở Không Tồn Tại/);
  });

  it("adds and removes assignments, and a re-import of the same file changes nothing and keeps them", async () => {
    const added = await cli(dataDir, "assign", "add", "--plan", "52/KH-UBND", "--code", "I.1", "--unit", "Sở KH&CN", "--frequency", "quarterly");
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(added.stdout).toMatch(/tạo mới/);
    const removed = await cli(dataDir, "assign", "remove", "--plan", "52/KH-UBND", "--code", "III.6", "--unit", "Sở KH&CN");
    expect(removed).toMatchObject({ code: 0, stderr: "" });
    expect(removed.stdout).toMatch(/Đã bỏ việc giao/);

    const again = json<ImportJson>(await cli(dataDir, "catalogue", "import", SEED_000, "--json"));
    expect(again.saved.plan.change).toBe("unchanged");
    expect(again.saved.indicators).toEqual({ created: 0, updated: 0, unchanged: 19, removed: [] });
    expect(again.saved.assignments).toMatchObject({ created: 0, removed: 0, addedToOtherPlans: 0 });

    const items = json<AssignedItem[]>(await cli(dataDir, "assign", "list", "--unit", "Sở KH&CN", "--json"));
    expect(items.every((i) => i.unit === "Sở Khoa học và Công nghệ")).toBe(true);
    expect(items).toContainEqual(expect.objectContaining({ plan: "52/KH-UBND", code: "I.1", role: "lead", frequency: "quarterly" }));
    expect(items).toContainEqual(expect.objectContaining({ plan: "52/KH-UBND", code: "III.7", role: "lead" }));
    expect(items.map((i) => i.code)).not.toContain("III.6");
  });
});

describe("the command line called wrongly", { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-cli-wrong-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("exits 2 with a message saying how to call it, and no stack trace", async () => {
    const missing = join(dataDir, "khong-co.txt");
    const runs = await Promise.all([
      cli(dataDir, "frobnicate"),
      cli(dataDir, "catalogue", "import", missing),
      cli(dataDir, "catalogue", "import", SEED_000, "--bogus"),
      cli(dataDir, "assign", "add", "--plan", "52/KH-UBND"),
    ]);
    const [unknownCommand, missingFile, unknownOption, missingFlags] = runs;
    expect(unknownCommand?.stderr).toMatch(/Không có lệnh "frobnicate".*--help/);
    expect(missingFile?.stderr).toContain(`Không đọc được tệp ${missing}`);
    expect(unknownOption?.stderr).toMatch(/Không có tuỳ chọn --bogus.*catalogue --help/);
    expect(missingFlags?.stderr).toMatch(/cần --plan, --code, --unit/);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("exits 1 and saves nothing when nothing could be read from the file", async () => {
    const garbage = join(dataDir, "not-a-plan.txt");
    writeFileSync(garbage, "Kính gửi: các đơn vị\nKhông có bảng nào ở đây.\n");
    const run = await cli(dataDir, "catalogue", "import", garbage, "--json");
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as CatalogueJson & { saved?: unknown };
    expect(out.saved).toBeUndefined();
    expect(out.problems).toContainEqual(expect.objectContaining({ severity: "error" }));
    const list = await cli(dataDir, "catalogue", "list", "--json");
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});

describe("cli parse on a fresh data folder", { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-cli-parse-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("loads the demo like npm start, then names the 5G indicator and 72 for a focal point's unaccented line", async () => {
    const out = json<{ intent: string; item: { name: string; valueKind: string }; value: { number: number } }>(await cli(dataDir, "parse", "--as", "0912000001", "phu song 5g 72%", "--json"));
    expect(out.intent).toBe("one_line_report");
    expect(out.item).toMatchObject({ name: "Mở rộng phủ sóng 5G", valueKind: "percent" });
    expect(out.value.number).toBe(72);
  });
});
