import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.ts";
import { repoRoot } from "../support/start-service.ts";

const SEED_004 = join(repoRoot, "db/seed/plans/004_c4fb2f6b96d432ca.txt");
const SEED_000 = join(repoRoot, "db/seed/plans/000_de3e58c86f8da385.txt");
const EN = { LANG: "en_US.UTF-8" };
const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at /);

/** `units external|internal|deactivate|reactivate` and `plans track-from`, through the real CLI on a real file. */
describe("units outside the province, deactivated units and track-from dates from the command line", { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-cli-standing-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("gives each new subcommand its own help, in Vietnamese and in English", async () => {
    const [externalVi, deactivateEn, trackVi, trackEn, unitsVi] = await Promise.all([
      runCli(dataDir, ["units", "external", "--help"]),
      runCli(dataDir, ["units", "deactivate", "--help"], EN),
      runCli(dataDir, ["plans", "track-from", "--help"]),
      runCli(dataDir, ["plans", "track-from", "--help"], EN),
      runCli(dataDir, ["units", "--help"]),
    ]);
    for (const run of [externalVi, deactivateEn, trackVi, trackEn, unitsVi]) expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(externalVi.stdout).toContain("đơn vị ngoài tỉnh");
    expect(externalVi.stdout).toContain("units internal");
    expect(deactivateEn.stdout).toContain("its people get no reminders");
    expect(trackVi.stdout).toContain("không bị tính quá hạn");
    expect(trackEn.stdout).toContain("never overdue, reminded or escalated");
    expect(unitsVi.stdout).toContain("units deactivate|reactivate");
  });

  it("marks a ministry as outside the province and back, and says so when nothing changes", async () => {
    expect((await runCli(dataDir, ["catalogue", "import", SEED_004, "--plan", "99/KH-THU"])).code).toBe(0);
    const marked = await runCli(dataDir, ["units", "external", "Bộ Công an"]);
    expect(marked).toMatchObject({ code: 0, stderr: "" });
    expect(marked.stdout).toContain('Đã đánh dấu "Bộ Công an" là đơn vị ngoài tỉnh');
    // Typed without diacritics, as people do.
    const again = await runCli(dataDir, ["units", "external", "bo cong an"]);
    expect(again.stdout).toContain("đã là đơn vị ngoài tỉnh; không có gì thay đổi");
    const list = await runCli(dataDir, ["units", "list"]);
    expect(list.stdout).toMatch(/Bộ Công an\s+ngoài tỉnh \(không phải báo cáo\)/);
    const back = await runCli(dataDir, ["units", "internal", "Bộ Công an"], EN);
    expect(back.stdout).toContain('"Bộ Công an" is inside the province again');
  });

  it("deactivates a unit, refuses it as a new assignment target politely, and reactivates it", async () => {
    expect((await runCli(dataDir, ["catalogue", "import", SEED_000, "--plan", "52/KH-UBND"])).code).toBe(0);
    const unit = "Sở Tài chính";
    const off = await runCli(dataDir, ["units", "deactivate", unit]);
    expect(off).toMatchObject({ code: 0, stderr: "" });
    expect(off.stdout).toContain(`Đã ngừng hoạt động "${unit}"`);
    expect((await runCli(dataDir, ["units", "list"])).stdout).toMatch(/Sở Tài chính\s+ngừng hoạt động/);
    const refused = await runCli(dataDir, ["assign", "add", "--plan", "52/KH-UBND", "--code", "I.1", "--unit", unit, "--role", "lead"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`Đơn vị "${unit}" đã ngừng hoạt động nên không giao việc mới được`);
    expect(refused.stderr).toContain("units reactivate");
    noStackTrace(refused.stderr);
    const refusedEn = await runCli(dataDir, ["assign", "add", "--plan", "52/KH-UBND", "--code", "I.1", "--unit", unit], EN);
    expect(refusedEn.stderr).toContain(`"${unit}" is deactivated, so it cannot be given new items`);
    const on = await runCli(dataDir, ["units", "reactivate", unit]);
    expect(on.stdout).toContain(`Đã mở lại "${unit}"`);
    const given = await runCli(dataDir, ["assign", "add", "--plan", "52/KH-UBND", "--code", "I.1", "--unit", unit, "--role", "lead"]);
    expect(given.code).toBe(0);
  });

  it("refuses an unknown unit with a polite line, not a stack trace", async () => {
    const r = await runCli(dataDir, ["units", "deactivate", "UBND xã Không Có"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Không có đơn vị "UBND xã Không Có"');
    noStackTrace(r.stderr);
  });

  it("sets a plan's track-from date and the province's, and lists them", async () => {
    const set = await runCli(dataDir, ["plans", "track-from", "52/KH-UBND", "2026-12-01"]);
    expect(set).toMatchObject({ code: 0, stderr: "" });
    expect(set.stdout).toContain("Kế hoạch 52/KH-UBND: theo dõi từ ngày 2026-12-01");
    const province = await runCli(dataDir, ["plans", "track-from", "--province", "2026-11-15"]);
    expect(province.stdout).toContain("Cả tỉnh: theo dõi từ ngày 2026-11-15");
    const list = await runCli(dataDir, ["plans", "list"]);
    expect(list.stdout).toMatch(/52\/KH-UBND.*2026-12-01/);
    expect(list.stdout).toMatch(/99\/KH-THU.*2026-11-15 \(của tỉnh\)/);
    const bad = await runCli(dataDir, ["plans", "track-from", "52/KH-UBND", "2026-02-30"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Cách dùng: plans track-from");
    const noPlan = await runCli(dataDir, ["plans", "track-from", "77/KH-XYZ", "2026-12-01"]);
    expect(noPlan.stderr).toContain('Không có kế hoạch "77/KH-XYZ"');
    const cleared = await runCli(dataDir, ["plans", "track-from", "52/KH-UBND", "none"], EN);
    expect(cleared.stdout).toContain("Plan 52/KH-UBND: its own track-from date is removed");
  });
});
