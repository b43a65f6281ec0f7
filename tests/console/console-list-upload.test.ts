import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inviteCodes, people, units } from "../../db/schema.ts";
import { pruneListUploads } from "../../src/services/kept-list-uploads.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, sessionFor } from "./console-session.ts";

type Who = { cookie: string; csrf: string };

/** An .xlsx workbook built with exceljs, as a coordinator's spreadsheet would be. */
async function workbook(rows: string[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Danh sách");
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/**
 * Unit and people lists uploaded as files in the console, over a real port, a real multipart body and
 * a real SQLite file: the preview saves nothing, the confirmation imports the same kept bytes by an
 * upload id only its uploader may use, a broken file gets a polite 400, a unit head a 403.
 */
describe("console: unit and people lists uploaded as CSV/XLSX files", () => {
  let s: TestApp;
  let coordinator: Who;
  let head: Who;

  beforeAll(async () => {
    s = await startTestApp({ demo: true });
    coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    head = await sessionFor(s, demo.headKhcn.phone, demo.headKhcn.code);
  }, 60_000);
  afterAll(async () => s?.close());

  const upload = (path: string, who: Who, file: { name: string; bytes: Uint8Array }) => {
    const form = new FormData();
    form.append("_csrf", who.csrf);
    form.append("file", new Blob([file.bytes]), file.name);
    return fetch(`${s.base}${path}`, { method: "POST", redirect: "manual", headers: { cookie: who.cookie }, body: form });
  };
  const post = (path: string, who: Who, fields: Record<string, string>) =>
    fetch(`${s.base}${path}`, { method: "POST", redirect: "manual", headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: who.csrf, ...fields }) });
  const uploadIdOf = (page: string) => /name="upload" value="([^"]+)"/.exec(page)?.[1];

  it("previews an uploaded XLSX unit list with a parent, saving nothing, then imports the kept bytes on confirm", async () => {
    const bytes = await workbook([
      ["Tên", "Trực thuộc", "Loại"],
      ["Phòng Quản lý Công nghệ", "Sở Khoa học và Công nghệ", "phòng"],
      ["UBND xã Hòa Bình Mới", "", "xã"],
    ]);
    const r = await upload("/console/units/import/file", coordinator, { name: "don-vi.xlsx", bytes });
    const page = await r.text();
    expect(r.status, page).toBe(200);
    expect(page).toContain("Sẽ thêm 2, đổi tên 0, cập nhật 0, không đổi 0.");
    expect(page).toContain("Phòng Quản lý Công nghệ");
    expect(await s.db.select().from(units).where(eq(units.name, "Phòng Quản lý Công nghệ")).get()).toBeUndefined();
    const id = uploadIdOf(page);
    expect(id).toMatch(/^[0-9a-f]{64}\.xlsx$/);

    const done = await post("/console/units/import", coordinator, { upload: id!, confirm: "1" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/console/units?done=imported&n=2");
    const child = await s.db.select().from(units).where(eq(units.name, "Phòng Quản lý Công nghệ")).get();
    const parent = await s.db.select().from(units).where(eq(units.name, "Sở Khoa học và Công nghệ")).get();
    expect(child?.parentId).toBe(parent!.id);
  });

  it("previews an uploaded XLSX people list (Vietnamese names and roles) without codes, then issues codes once on confirm", async () => {
    const bytes = await workbook([
      ["Họ và tên", "Số điện thoại", "Đơn vị", "Vai trò"],
      ["Nguyễn Thị Hằng", "0977000201", "Sở Y tế", "đầu mối"],
      ["Trần Đức Mạnh", "0977000202", "Sở Tài chính", "lãnh đạo đơn vị"],
      ["Lê Quốc Việt", "0977000203", "Sở Khoa học và Công nghệ", "điều phối"],
    ]);
    const r = await upload("/console/people/import/file", coordinator, { name: "can-bo.xlsx", bytes });
    const page = await r.text();
    expect(r.status, page).toBe(200);
    expect(page).toContain("Sẽ thêm 3, cập nhật 0, không đổi 0.");
    expect(page).toContain("Nguyễn Thị Hằng");
    expect(page).toContain("cấp khi nhập");
    expect(await s.db.select().from(people).where(eq(people.phone, "0977000201")).get()).toBeUndefined();
    const codesBefore = (await s.db.select().from(inviteCodes).all()).length;
    const id = uploadIdOf(page)!;

    const done = await post("/console/people/import", coordinator, { upload: id, confirm: "1" });
    expect(done.status).toBe(303);
    const saved = await s.db.select().from(people).where(eq(people.phone, "0977000201")).get();
    expect(saved?.name).toBe("Nguyễn Thị Hằng");
    const codesAfter = await s.db.select().from(inviteCodes).all();
    expect(codesAfter.length).toBe(codesBefore + 3);
    expect(codesAfter.filter((c) => c.personId === saved!.id)).toHaveLength(1);

    // Confirmed twice (a double click): the same people, no second code.
    expect((await post("/console/people/import", coordinator, { upload: id, confirm: "1" })).status).toBe(303);
    expect((await s.db.select().from(inviteCodes).all()).length).toBe(codesBefore + 3);

    // Someone else's upload id is not theirs to use: the new coordinator gets 404, and nothing is imported.
    const newCoordinator = (await s.db.select().from(people).where(eq(people.phone, "0977000203")).get())!;
    const code = (await s.db.select().from(inviteCodes).where(eq(inviteCodes.personId, newCoordinator.id)).get())!.code;
    const other = await sessionFor(s, "0977000203", code);
    const mine = await upload("/console/units/import/file", coordinator, { name: "don-vi.csv", bytes: new TextEncoder().encode("Tên,Loại\nPhòng Thử Nghiệm,phòng\n") });
    const mineId = uploadIdOf(await mine.text())!;
    const stolen = await post("/console/units/import", other, { upload: mineId, confirm: "1" });
    expect(stolen.status).toBe(404);
    expect(await stolen.text()).toContain("không còn được lưu");
    expect(await s.db.select().from(units).where(eq(units.name, "Phòng Thử Nghiệm")).get()).toBeUndefined();
    expect((await post("/console/units/import", other, { upload: "../../etc/passwd", confirm: "1" })).status).toBe(404);
  });

  it("refuses a broken, empty, foreign or too large file politely (400/413, no stack trace), a form without its token, and a unit head (403)", async () => {
    const broken = await upload("/console/people/import/file", coordinator, { name: "hong.xlsx", bytes: new TextEncoder().encode("not a zip at all") });
    const brokenPage = await broken.text();
    expect(broken.status).toBe(400);
    expect(brokenPage).toContain("Không đọc được tệp này thành danh sách.");
    expect(brokenPage).not.toMatch(/Error|at \//);
    const empty = await upload("/console/units/import/file", coordinator, { name: "trong.csv", bytes: new Uint8Array(0) });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Chưa chọn tệp, hoặc tệp trống.");
    const doc = await upload("/console/units/import/file", coordinator, { name: "don-vi.docx", bytes: new TextEncoder().encode("x") });
    expect(doc.status).toBe(400);
    expect(await doc.text()).toContain("chỉ nhận danh sách .csv hoặc .xlsx");

    const huge = await upload("/console/people/import/file", coordinator, { name: "lon.csv", bytes: new Uint8Array(10 * 1024 * 1024 + 1).fill(65) });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain("Tệp lớn hơn 10 MB.");
    expect((await upload("/console/units/import/file", { cookie: coordinator.cookie, csrf: "wrong-token-wrong-token-wrong" }, { name: "x.csv", bytes: new TextEncoder().encode("Tên\nX\n") })).status).toBe(403);

    const bytes = await workbook([["Tên"], ["Phòng Của Trưởng Đơn Vị"]]);
    expect((await upload("/console/units/import/file", head, { name: "x.xlsx", bytes })).status).toBe(403);
    expect((await upload("/console/people/import/file", head, { name: "x.xlsx", bytes })).status).toBe(403);
  });

  it("forgets a list upload never confirmed for a day", async () => {
    const r = await upload("/console/units/import/file", coordinator, { name: "cu.csv", bytes: new TextEncoder().encode("Tên\nPhòng Cũ\n") });
    const id = uploadIdOf(await r.text())!;
    const now = s.clock.now();
    expect(await pruneListUploads(s.config.DATA_DIR, now)).toBe(0);
    expect(await pruneListUploads(s.config.DATA_DIR, new Date(now.getTime() + 25 * 3_600_000))).toBeGreaterThan(0);
    expect((await post("/console/units/import", coordinator, { upload: id, confirm: "1" })).status).toBe(404);
  });
});
