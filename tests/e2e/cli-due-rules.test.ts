import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, sqliteConnection } from "../../db/client.ts";
import { runCli } from "../support/run-cli.ts";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const SEED_000 = join(root, "db/seed/plans/000_de3e58c86f8da385.txt");

describe("due day and hour from the command line, in Vietnamese (English with LANG=en)", { timeout: 480_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-due-cli-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = (...args: string[]) => runCli(dataDir, args, { NODE_ENV: "test" });
  const audit = async () => {
    const db = openDatabase(join(dataDir, "chitieu.db"));
    try {
      return sqliteConnection(db)!.prepare("select actor, action from audit_log where action like '%due_rule' order by id").all();
    } finally {
      await closeDatabase(db);
    }
  };

  it("sets a plan's rule, an item's, the province's default, and shows each in force with where it comes from", async () => {
    expect((await cli("catalogue", "import", SEED_000)).code).toBe(0);
    const plan = await cli("schedule", "due", "--plan", "52/KH-UBND", "--day", "10", "--hour", "9");
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
    expect(plan.stdout.trim()).toBe("Kế hoạch 52/KH-UBND: hạn nộp 9h00 ngày 10 (của kế hoạch); số liệu năm: 05/12 (mặc định có sẵn).");
    const item = await cli("schedule", "due", "--plan", "52/KH-UBND", "--code", "I.1", "--day", "5", "--hour", "8");
    expect(item.stdout.trim()).toBe("Kế hoạch 52/KH-UBND, mục I.1: hạn nộp 8h00 ngày 5 (riêng của mục); số liệu năm: 05/12 (mặc định có sẵn).");
    const province = await cli("schedule", "due", "--province", "--day", "20", "--hour", "17", "--yearly", "31/12");
    expect(province.stdout.trim()).toBe("Cả tỉnh (mặc định): hạn nộp 17h00 ngày 20 (mặc định của tỉnh); số liệu năm: 31/12 (mặc định của tỉnh).");

    const show = (await cli("schedule", "show", "--plan", "52/KH-UBND")).stdout.split("\n");
    expect(show[0]).toBe("Hạn nộp của kế hoạch 52/KH-UBND:");
    const cells = (prefix: string) => show.find((l) => l.startsWith(prefix))!.split(/\s{2,}/);
    expect(cells("(cả kế hoạch)")).toEqual(["(cả kế hoạch)", "9h00 ngày 10", "của kế hoạch", "31/12", "mặc định của tỉnh"]);
    expect(cells("I.1 ").slice(-4)).toEqual(["8h00 ngày 5", "riêng của mục", "31/12", "mặc định của tỉnh"]);
    expect(cells("I.2 ").slice(-4)).toEqual(["9h00 ngày 10", "của kế hoạch", "31/12", "mặc định của tỉnh"]);

    const cleared = await cli("schedule", "due", "--plan", "52/KH-UBND", "--code", "I.1", "--clear");
    expect(cleared.stdout).toContain("mục I.1: hạn nộp 9h00 ngày 10 (của kế hoạch)");
    expect(await audit()).toEqual([
      { actor: "cli", action: "plan.due_rule" },
      { actor: "cli", action: "item.due_rule" },
      { actor: "cli", action: "province.due_rule" },
      { actor: "cli", action: "item.due_rule" },
    ]);
  });

  it("refuses a wrong call politely, with exit code 2 and nothing changed", async () => {
    for (const args of [
      ["--plan", "52/KH-UBND", "--day", "31", "--hour", "9"],
      ["--plan", "52/KH-UBND", "--day", "10"],
      ["--plan", "52/KH-UBND", "--yearly", "30/02"],
      ["--province", "--plan", "52/KH-UBND", "--day", "10", "--hour", "9"],
      ["--plan", "52/KH-UBND", "--clear", "--day", "10", "--hour", "9"],
    ]) {
      const r = await cli("schedule", "due", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toContain("Cách dùng: schedule due");
      expect(r.stderr).not.toMatch(/\bat \S+\.(ts|js):\d+/);
    }
    const noItem = await cli("schedule", "due", "--plan", "52/KH-UBND", "--code", "Z.99", "--day", "10", "--hour", "9");
    expect(noItem.code).toBe(2);
    expect(noItem.stderr).toContain('Kế hoạch 52/KH-UBND không có mục mã "Z.99"');
    const noPlan = await cli("schedule", "due", "--plan", "99/KH", "--day", "10", "--hour", "9");
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr).toContain('Không có kế hoạch "99/KH"');
    expect(await audit()).toHaveLength(4);
  });

  it("has its own --help, and speaks English with LANG=en", async () => {
    const help = await cli("schedule", "due", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--clear bỏ hạn riêng");
    expect((await cli("schedule", "show", "--help")).stdout).toContain("hạn nộp đang áp dụng cho kế hoạch và từng mục");
    expect((await cli("schedule", "--help")).stdout).toContain("schedule due --province");
    const en = await runCli(dataDir, ["schedule", "due", "--plan", "52/KH-UBND", "--day", "12", "--hour", "10"], { NODE_ENV: "test", LANG: "en_US.UTF-8" });
    expect(en.stdout.trim()).toBe("Plan 52/KH-UBND: figures due 10:00 on day 12 (the plan's); yearly figures: 31/12 (the province's default).");
    const bad = await runCli(dataDir, ["schedule", "due", "--plan", "52/KH-UBND", "--day", "40", "--hour", "10"], { NODE_ENV: "test", LANG: "en_US.UTF-8" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Usage: schedule due");
  });
});
