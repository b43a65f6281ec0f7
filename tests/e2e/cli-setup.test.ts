import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CatalogueJson } from "../../src/services/catalogue-json.ts";
import type { PeopleImportResult } from "../../src/services/import-people.ts";
import { runCli } from "../support/run-cli.ts";
import { repoRoot } from "../support/start-service.ts";

const SEED_000 = join(repoRoot, "db/seed/plans/000_de3e58c86f8da385.txt");
const SEED_002 = join(repoRoot, "db/seed/plans/002_38904106135b1d27.txt");
const EN = { LANG: "en_US.UTF-8" };

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe("setting up a province from the command line", { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-cli-setup-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("gives every command its own help, in Vietnamese, and in English with LANG=en", async () => {
    const [catalogueVi, peopleVi, catalogueEn, mainEn] = await Promise.all([
      runCli(dataDir, ["catalogue", "--help"]),
      runCli(dataDir, ["people", "import", "--help"]),
      runCli(dataDir, ["catalogue", "--help"], EN),
      runCli(dataDir, ["--help"], EN),
    ]);
    for (const run of [catalogueVi, peopleVi, catalogueEn, mainEn]) expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(catalogueVi.stdout).toContain("catalogue remove --plan");
    expect(catalogueVi.stdout).toContain("chỉ xem, không lưu");
    expect(peopleVi.stdout).toContain("không lưu và không cấp mã");
    expect(catalogueEn.stdout).toContain("show, save nothing");
    expect(mainEn.stdout).toContain("Usage: npm run -s cli --");
  });

  it("refuses an import that would remove items of a stored plan unless --yes, naming the items", async () => {
    expect((await runCli(dataDir, ["catalogue", "import", SEED_000])).code).toBe(0);
    const sample = join(dataDir, "mau.csv");
    writeFileSync(sample, "type,code,name,plan_number\nindicator,I.1,Một chỉ tiêu mẫu,52/KH-UBND\n");
    const refused = await runCli(dataDir, ["catalogue", "import", sample]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/Lần nhập này sẽ xoá 18 mục của kế hoạch "52\/khubnd"/);
    expect(refused.stderr).toContain("II.1");
    expect(refused.stderr).toContain("--yes");
    const list = JSON.parse((await runCli(dataDir, ["catalogue", "list", "--json"])).stdout) as CatalogueJson[];
    expect(list[0]?.indicators).toHaveLength(19);
  });

  it("ends quietly when the reader of its output goes away (catalogue list | head -1)", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: "C.UTF-8", DATA_DIR: dataDir, NODE_ENV: "development" };
    delete env.DATABASE_FILE;
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "catalogue", "list"], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once("close", done));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("gives a plan imported without a number its number on the next import, instead of a copy", async () => {
    expect((await runCli(dataDir, ["catalogue", "import", SEED_002])).code).toBe(0);
    const numbered = await runCli(dataDir, ["catalogue", "import", SEED_002, "--plan", "99/KH-THU"]);
    expect(numbered).toMatchObject({ code: 0, stderr: "" });
    expect(numbered.stdout).toContain('Kế hoạch "file:002_38904106135b1d27.txt" (nhập trước đây từ tệp, chưa có số) được đặt số "99/KH-THU"');
    const list = JSON.parse((await runCli(dataDir, ["catalogue", "list", "--json"])).stdout) as CatalogueJson[];
    expect(list.map((c) => c.plan.number)).toEqual(["52/KH-UBND", "99/KH-THU"]);
  });

  it("removes a plan only with --yes, saying first what would go", async () => {
    const preview = await runCli(dataDir, ["catalogue", "remove", "--plan", "99/KH-THU"]);
    expect(preview.code).toBe(1);
    expect(preview.stderr).toMatch(/Kế hoạch "99\/KH-THU" \(khoá "99\/khthu"\): 50 chỉ tiêu/);
    expect(preview.stderr).toContain("--yes");
    const removed = await runCli(dataDir, ["catalogue", "remove", "--plan", "99/KH-THU", "--yes"], EN);
    expect(removed).toMatchObject({ code: 0, stderr: "" });
    expect(removed.stdout).toMatch(/^Removed plan "99\/KH-THU"/);
    const list = JSON.parse((await runCli(dataDir, ["catalogue", "list", "--json"])).stdout) as CatalogueJson[];
    expect(list.map((c) => c.plan.number)).toEqual(["52/KH-UBND"]);
  });

  it("answers a file that is no spreadsheet politely: no stack trace, none of its bytes", async () => {
    const photo = join(dataDir, "can-bo.csv");
    writeFileSync(photo, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x49, 0x48, 0x44, 0x52]));
    const brokenWorkbook = join(dataDir, "can-bo.xlsx");
    writeFileSync(brokenWorkbook, "không phải một bảng tính");
    const [binary, broken] = await Promise.all([runCli(dataDir, ["people", "import", photo]), runCli(dataDir, ["people", "import", brokenWorkbook])]);
    for (const run of [binary, broken]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      noStackTrace(run.stderr);
      expect(run.stderr).toContain("Họ tên, Số điện thoại, Đơn vị, Vai trò");
      expect(run.stderr).not.toMatch(/[\u0000\ufffd]/);
    }
    expect(binary.stderr).toContain("không phải tệp văn bản CSV");
  });

  it("shows no invite code in a dry run that the import would not issue, and the real import's codes afterwards", async () => {
    const csv = join(dataDir, "nguoi.csv");
    writeFileSync(csv, "họ tên,số điện thoại,đơn vị,vai trò\nNguyễn Văn An,0987654321,Sở KH&CN,đầu mối\n");
    const dry = JSON.parse((await runCli(dataDir, ["people", "import", csv, "--dry-run", "--json"])).stdout) as PeopleImportResult;
    expect(dry.people).toEqual([expect.objectContaining({ name: "Nguyễn Văn An", status: "created", inviteCode: null })]);
    const real = JSON.parse((await runCli(dataDir, ["people", "import", csv, "--json"])).stdout) as PeopleImportResult;
    const code = real.people[0]?.inviteCode;
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    const again = await runCli(dataDir, ["people", "import", csv, "--dry-run"]);
    expect(again.stdout).toContain(code);
    expect(again.stderr).toContain("Chạy thử: chưa lưu gì");
  });

  it("adds a commune the plans do not name, which joins their groups; refuses a second one; renames, aliases and moves it", async () => {
    const added = await runCli(dataDir, ["units", "add", "UBND xã Tân Cương"]);
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(added.stdout).toMatch(/Đã thêm đơn vị "UBND xã Tân Cương" \(xã, phường\); [1-9]\d* việc giao/);
    const [again, alias] = await Promise.all([
      runCli(dataDir, ["units", "add", "ubnd xa tan cuong"]),
      runCli(dataDir, ["units", "alias", "add", "UBND xã Tân Cương", "Xã Tân Cương"]),
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('Đã có đơn vị "UBND xã Tân Cương"');
    expect(alias).toMatchObject({ code: 0, stderr: "" });
    const renamed = await runCli(dataDir, ["units", "rename", "Xã Tân Cương", "UBND phường Tân Cương"]);
    expect(renamed.stdout).toContain('Đã đổi tên "UBND xã Tân Cương" thành "UBND phường Tân Cương"');
    const moved = await runCli(dataDir, ["units", "move", "UBND xã Tân Cương", "--parent", "Sở KH&CN"], EN);
    expect(moved).toMatchObject({ code: 0, stderr: "" });
    expect(moved.stdout).toContain('"UBND phường Tân Cương" is now under "Sở Khoa học và Công nghệ"');
  });

  it("shows an invitation as a Telegram deep link and a QR code, reissues it and revokes it", async () => {
    const bot = { TELEGRAM_BOT_USERNAME: "@chitieu_thu_bot" };
    const qr = join(dataDir, "moi-an.png");
    const shown = await runCli(dataDir, ["invite", "show", "0987654321", "--qr", qr, "--json"], bot);
    expect(shown).toMatchObject({ code: 0, stderr: "" });
    const first = JSON.parse(shown.stdout) as { code: string; telegramLink: string; qrFile: string };
    expect(first.telegramLink).toBe(`https://t.me/chitieu_thu_bot?start=${first.code}`);
    expect(first.qrFile).toBe(qr);
    expect(readFileSync(qr).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    const reissued = await runCli(dataDir, ["invite", "reissue", "0987654321"], bot);
    expect(reissued).toMatchObject({ code: 0, stderr: "" });
    const newCode = /mã mời mới ([A-Z2-9]{8})/.exec(reissued.stdout)?.[1];
    expect(newCode).toBeDefined();
    expect(newCode).not.toBe(first.code);
    expect(reissued.stdout).toContain(`https://t.me/chitieu_thu_bot?start=${newCode}`);

    // Sent by chat only to chats the person linked: An has none yet, so the CLI says what to do instead.
    const unsent = await runCli(dataDir, ["invite", "send", "0987654321"]);
    expect(unsent.code).not.toBe(0);
    expect(unsent.stderr).toContain("0987654321 chưa liên kết kênh chat nào");
    noStackTrace(unsent.stderr);

    const revoked = await runCli(dataDir, ["invite", "revoke", "0987654321"]);
    expect(revoked.stdout).toContain("Đã thu hồi mã mời của Nguyễn Văn An");
    const none = await runCli(dataDir, ["invite", "show", "0987654321"]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("invite reissue 0987654321");
  });

  it("shows what a reminder tick at a given time would send, in Vietnamese, and sends nothing without --send", async () => {
    const [dry, json, badTime] = await Promise.all([
      runCli(dataDir, ["reminders", "run", "--at", "2026-12-07 09:00"]),
      runCli(dataDir, ["reminders", "run", "--at", "2026-12-07 09:00", "--json"]),
      runCli(dataDir, ["reminders", "run", "--at", "thứ hai"]),
    ]);
    expect(dry).toMatchObject({ code: 0, stderr: "" });
    expect(dry.stdout).toMatch(/^Lượt nhắc lúc 2026-12-07 09:00 \(giờ Việt Nam\): \d+ tin nhắc, \d+ tin báo lãnh đạo/);
    expect(dry.stdout).toContain("Chạy thử: chưa gửi gì");
    expect(JSON.parse(json.stdout)).toMatchObject({ at: "2026-12-07T02:00:00.000Z", sent: false, result: { digests: expect.any(Number) }, messages: expect.any(Array) });
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--at "2026-12-07 08:00"');
  });

  it("adds a person with an invite code, changes their roles, and refuses an unknown unit or a phone already taken", async () => {
    const added = await runCli(dataDir, ["people", "add", "Trần Thị Bình", "--unit", "Sở Tài chính", "--phone", "0987654399", "--role", "lãnh đạo"]);
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(added.stdout).toMatch(/^Đã thêm Trần Thị Bình \(id \d+, vai trò Lãnh đạo đơn vị\); mã mời [A-Z2-9]{8}/);
    const [role, unknownUnit, taken] = await Promise.all([
      runCli(dataDir, ["people", "role", "add", "0987654399", "điều phối"]),
      runCli(dataDir, ["people", "add", "Lê Văn Cường", "--unit", "Sở Không Tồn Tại"]),
      runCli(dataDir, ["people", "add", "Lê Văn Cường", "--unit", "Sở Tài chính", "--phone", "0987654399"]),
    ]);
    expect(role.stdout).toMatch(/Trần Thị Bình giờ có vai trò: (Lãnh đạo đơn vị; Cán bộ điều phối|Cán bộ điều phối; Lãnh đạo đơn vị)\./);
    expect(unknownUnit.code).toBe(2);
    expect(unknownUnit.stderr).toContain('Không có đơn vị "Sở Không Tồn Tại"');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain("Số điện thoại này đã là của Trần Thị Bình");
  });
});

