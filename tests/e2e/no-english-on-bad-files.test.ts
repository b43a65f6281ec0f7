import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demo, sessionFor } from "../console/console-session.ts";
import { runCli } from "../support/run-cli.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * Words of the libraries' own messages (jszip, pdfjs, exceljs, csv-parse, zod, node:util's parseArgs)
 * and of a programming fault: none may reach a Vietnamese coordinator who gave a bad file.
 */
const ENGLISH =
  /\b(error|invalid|cannot|can't|undefined|null|end of central directory|is this a zip|missing|expected|structure|quote not closed|unknown option|argument|received|is empty|must be|not a|could not|failed)\b/i;

const bytes = (text: string) => new TextEncoder().encode(text);

/** Bad files a coordinator may pick: damaged, mislabelled or half-right. */
async function badFiles(): Promise<{ name: string; bytes: Uint8Array }[]> {
  const notWord = new JSZip();
  notWord.file("readme.txt", "a zip, but no Word document inside");
  return [
    { name: "hong.docx", bytes: bytes("this is not a zip") },
    { name: "zip-khong-phai-word.docx", bytes: await notWord.generateAsync({ type: "uint8array" }) },
    { name: "hong.pdf", bytes: bytes("%PDF-1.4 garbage, no objects") },
    { name: "hong.xlsx", bytes: bytes("not an xlsx at all") },
    { name: "mau-hong.csv", bytes: bytes('type,code,name\nindicator,1,"Tỷ lệ chưa đóng ngoặc\n') },
  ];
}

/** A template whose rows each break a rule zod checks (its own words are English). */
const badRowsTemplate = [
  "Loại,Mã,Tên chỉ tiêu, nhiệm vụ,Mục tiêu 2026,Thời hạn,Năm hiện trạng".replace("Tên chỉ tiêu, nhiệm vụ", '"Tên chỉ tiêu, nhiệm vụ"'),
  "chỉ tiêu,1,,≥ 70%,,",
  "mục tiêu,2,Tỷ lệ phủ sóng,≥ 90%,,",
  "chỉ tiêu,3,Số doanh nghiệp,≥ 1O,,",
  "nhiệm vụ,4,Ban hành kế hoạch,,32/13/2026,",
  "chỉ tiêu,5 6,Tỷ lệ xã có điểm phục vụ,100%,,20x5",
  "nhiệm vụ,7,Nhiệm vụ có mục tiêu,≥ 5,Quý II/2026,",
  "chỉ tiêu,8,Chỉ tiêu đọc được,≥ 50%,,",
].join("\n");

describe("a bad file gets Vietnamese only: no library English in the console or the CLI", () => {
  let s: TestApp;
  let coordinator: { cookie: string; csrf: string };
  let dir: string;
  beforeAll(async () => {
    s = await startTestApp({ demo: true });
    coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    dir = mkdtempSync(join(tmpdir(), "chitieu-bad-files-"));
  }, 60_000);
  afterAll(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (file: { name: string; bytes: Uint8Array }) => {
    const form = new FormData();
    form.append("_csrf", coordinator.csrf);
    form.append("file", new Blob([file.bytes]), file.name);
    return fetch(`${s.base}/console/plans/upload`, { method: "POST", redirect: "manual", headers: { cookie: coordinator.cookie }, body: form });
  };
  /** The sentences the page shows about the file: its alert and its problem rows (the markup around them is the page's own). */
  const saidOnPage = (page: string) =>
    [...page.matchAll(/role="alert"[^>]*>([\s\S]*?)<\/p>|<tr data-problem="[^"]*">([\s\S]*?)<\/tr>|<li data-problem="[^"]*">([\s\S]*?)<\/li>/g)]
      .map((m) => (m[1] ?? m[2] ?? m[3] ?? "").replace(/<[^>]+>/g, " "))
      .join("\n");

  it("the console's plan upload says why a damaged .docx, .pdf, .xlsx or .csv cannot be read, in Vietnamese", async () => {
    for (const file of await badFiles()) {
      const r = await upload(file);
      const said = saidOnPage(await r.text());
      expect(r.status, file.name).toBe(400);
      expect(said, file.name).toContain(`Không đọc được chỉ tiêu hay nhiệm vụ nào trong &#34;${file.name}&#34;`);
      expect(said, file.name).not.toMatch(ENGLISH);
    }
    const page = saidOnPage(await (await upload((await badFiles())[0]!)).text());
    expect(page).toContain("tệp bị hỏng hoặc không phải tệp Word");
    expect(saidOnPage(await (await upload((await badFiles())[4]!)).text())).toContain("có dấu ngoặc kép");
  });

  it("the console's preview of a template with bad rows gives each reason in Vietnamese, under the file's own headings", async () => {
    const r = await upload({ name: "mau-sai.csv", bytes: bytes(badRowsTemplate) });
    expect(r.status).toBe(200);
    const said = saidOnPage(await r.text());
    expect(said).toContain("Tên chỉ tiêu, nhiệm vụ: tên để trống");
    expect(said).toContain("Mục tiêu 2026: mục tiêu &#34;≥ 1O&#34;");
    expect(said).toContain("Thời hạn: thời hạn &#34;32/13/2026&#34; không phải ngày");
    expect(said).toContain("Mục tiêu 2026: cột này chỉ dùng cho chỉ tiêu");
    expect(said).not.toMatch(ENGLISH);
  });

  it("the console's people import names a bad cell by its heading, in Vietnamese", async () => {
    const csv = "Họ tên,Số điện thoại,Đơn vị\n,0912000111,Sở Tài chính\nNguyễn Văn Bình,12,Sở Tài chính\n";
    const r = await fetch(`${s.base}/console/people/import`, {
      method: "POST",
      headers: { cookie: coordinator.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: coordinator.csrf, csv }),
    });
    const said = saidOnPage(await r.text());
    expect(said).toContain("Ô Họ tên để trống hoặc không hợp lệ");
    expect(said).not.toMatch(ENGLISH);
  });

  it("the CLI says the same in Vietnamese for every bad file, for people and unit lists too, and for a wrong option", async () => {
    // Each run is a process of its own (seconds on a busy machine): the kinds of failure, not every file the console tried.
    const all = await badFiles();
    const files = [all[0]!, all[2]!, all[3]!, { name: "mau-sai.csv", bytes: bytes(badRowsTemplate) }];
    for (const file of files) writeFileSync(join(dir, file.name), file.bytes);
    writeFileSync(join(dir, "nguoi.csv"), "Họ tên,Số điện thoại,Đơn vị\n,0912000111,Sở Tài chính\n");
    const data = join(dir, "data");
    const runs = await Promise.all([
      ...files.map((f) => runCli(data, ["catalogue", "import", join(dir, f.name), "--dry-run"])),
      runCli(data, ["people", "import", join(dir, "nguoi.csv"), "--dry-run"]),
      runCli(data, ["units", "import", join(dir, "hong.xlsx"), "--dry-run"]),
      runCli(data, ["catalogue", "import", join(dir, "hong.pdf"), "--khong-co"]),
    ]);
    for (const [i, run] of runs.entries()) {
      const said = `${run.stdout}\n${run.stderr}`.replaceAll(dir, "<thư mục>");
      expect(said, `run ${i}: ${said}`).not.toMatch(ENGLISH);
      expect(said, `run ${i}`).not.toMatch(/\n\s+at /);
      // The template with bad rows still has one good row: its dry run succeeds, listing the others.
      if (i !== 3) expect(run.code, `run ${i}: ${said}`).not.toBe(0);
    }
    const text = (i: number) => `${runs[i]?.stdout}${runs[i]?.stderr}`;
    expect(text(0)).toContain("tệp bị hỏng hoặc không phải tệp Word");
    expect(text(1)).toContain("tệp bị hỏng hoặc không phải PDF");
    expect(text(2)).toContain("không phải .xlsx");
    expect(text(3)).toContain("Tên chỉ tiêu, nhiệm vụ: tên để trống");
    expect(text(4)).toContain("Ô Họ tên để trống hoặc không hợp lệ");
    expect(text(5)).toContain("tệp bị hỏng hoặc không đúng định dạng");
    expect(text(6)).toContain("Không có tuỳ chọn --khong-co");
  }, 120_000);
});
