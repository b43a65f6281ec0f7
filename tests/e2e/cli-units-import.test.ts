import ExcelJS from "exceljs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.ts";
import { repoRoot } from "../support/start-service.ts";

const SEED_004 = join(repoRoot, "db/seed/plans/004_c4fb2f6b96d432ca.txt");
const EN = { LANG: "en_US.UTF-8" };
const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at /);

/** `units import` through the real CLI: a preview that is what the import does, then the import; polite refusals. */
describe("importing a list of units", { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-cli-units-import-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const list = join(dataDir, "don-vi.csv");
  writeFileSync(
    list,
    [
      "Tên,Trực thuộc,Loại,Ngoài tỉnh",
      "Bộ Công an,,cơ quan,x",
      "UBND xã Tân Mới,,xã,",
      "Phòng Thử nghiệm,Sở Khoa học và Công nghệ,phòng,",
      "bo khoa hoc va cong nghe,,,x",
      "Sở Lạ,,hành tinh,",
      "UBND xã Tân Mới,,,",
    ].join("\n"),
  );

  it("previews what is added, renamed, updated and unchanged, saves nothing, and the import then does exactly that", async () => {
    expect((await runCli(dataDir, ["catalogue", "import", SEED_004, "--plan", "99/KH-THU"])).code).toBe(0);
    const preview = await runCli(dataDir, ["units", "import", list, "--dry-run", "--json"]);
    expect(preview.code).toBe(0);
    const planned = JSON.parse(preview.stdout) as { dryRun: boolean; units: { name: string; status: string; parent: string | null; external: boolean }[]; problems: { line: number; code: string }[] };
    expect(planned.dryRun).toBe(true);
    expect(planned.units.map((u) => [u.name, u.status])).toEqual([
      ["Bộ Công an", "changed"],
      ["UBND xã Tân Mới", "added"],
      ["Phòng Thử nghiệm", "added"],
      // Typed without diacritics: names the unit, never renames it to the poorer spelling.
      ["Bộ Khoa học và Công nghệ", "changed"],
    ]);
    expect(planned.units.find((u) => u.name === "Phòng Thử nghiệm")?.parent).toBe("Sở Khoa học và Công nghệ");
    expect(planned.problems.map((p) => [p.line, p.code])).toEqual([
      [6, "bad_kind"],
      [7, "duplicate"],
    ]);
    expect((await runCli(dataDir, ["units", "list"])).stdout).not.toContain("UBND xã Tân Mới");

    const text = await runCli(dataDir, ["units", "import", list, "--dry-run"]);
    expect(text.stdout).toContain("Chạy thử, chưa lưu gì: sẽ thêm 2, đổi tên 0, cập nhật 2, không đổi 0.");
    expect(text.stderr).toContain('dòng 6: loại "hành tinh" không có');

    const done = await runCli(dataDir, ["units", "import", list, "--json"]);
    expect((JSON.parse(done.stdout) as typeof planned).units).toEqual(planned.units);
    const units = (await runCli(dataDir, ["units", "list"])).stdout;
    expect(units).toContain("UBND xã Tân Mới");
    expect(units).toMatch(/Bộ Công an\s+ngoài tỉnh/);
    const again = await runCli(dataDir, ["units", "import", list], EN);
    expect(again.stdout).toContain("Imported: 0 added, 0 renamed, 0 updated, 4 unchanged.");
  });

  it("renames a unit the list spells otherwise, keeping the old name, from an .xlsx with English headers", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Units");
    sheet.addRow(["name", "parent", "kind", "external"]);
    sheet.addRow(["UBND xã Tân Hòa", "", "commune", ""]);
    const xlsx = join(dataDir, "units.xlsx");
    await workbook.xlsx.writeFile(xlsx);
    expect((await runCli(dataDir, ["units", "alias", "add", "UBND xã Tân Mới", "UBND xã Tân Hòa"])).code).toBe(0);
    const r = await runCli(dataDir, ["units", "import", xlsx, "--json"]);
    expect((JSON.parse(r.stdout) as { units: { name: string; previousName: string | null; status: string }[] }).units).toEqual([
      expect.objectContaining({ name: "UBND xã Tân Hòa", previousName: "UBND xã Tân Mới", status: "renamed" }),
    ]);
  });

  it("refuses a file that is no spreadsheet in one polite line, without its bytes or a stack trace", async () => {
    const photo = join(dataDir, "anh.csv");
    writeFileSync(photo, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(400, 0xff)]));
    const r = await runCli(dataDir, ["units", "import", photo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("đây không phải tệp CSV hay Excel (.xlsx)");
    expect(r.stderr.length).toBeLessThan(600);
    noStackTrace(r.stderr);
    const missing = join(dataDir, "thieu-cot.csv");
    writeFileSync(missing, "Mã,Ghi chú\n1,abc\n");
    const noName = await runCli(dataDir, ["units", "import", missing]);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toContain("tệp không có cột tên đơn vị");
    const help = await runCli(dataDir, ["units", "import", "--help"], EN);
    expect(help.stdout).toContain("--dry-run: preview what is added, renamed and updated");
  });
});
