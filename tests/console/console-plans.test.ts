import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PLAN_FILE_BYTES } from "../../src/services/plan-files.ts";
import { docxFromText, pdfFromText } from "../support/make-documents.ts";
import { peek, peekAll } from "../support/peek.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, sessionFor } from "./console-session.ts";

const seed000 = readFileSync(join(import.meta.dirname, "../../db/seed/plans/000_de3e58c86f8da385.txt"));

/** The console's plan pages over a real port and a real SQLite file: who may use them, what a bad file gets, the due rules, a removal. */
describe("console plans over HTTP", () => {
  let s: TestApp;
  let coordinator: { cookie: string; csrf: string };
  let head: { cookie: string; csrf: string };
  beforeAll(async () => {
    s = await startTestApp({ demo: true });
    coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    head = await sessionFor(s, demo.headKhcn.phone, demo.headKhcn.code);
  }, 60_000);
  afterAll(async () => s.close());

  const get = (path: string, cookie?: string) => fetch(`${s.base}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const post = (path: string, who: { cookie: string; csrf: string }, fields: Record<string, string>) =>
    fetch(`${s.base}${path}`, { method: "POST", redirect: "manual", headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: who.csrf, ...fields }) });
  const upload = (who: { cookie: string; csrf: string } | undefined, file: { name: string; bytes: Uint8Array } | undefined, fields: Record<string, string> = {}) => {
    const form = new FormData();
    if (who) form.append("_csrf", who.csrf);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (file) form.append("file", new Blob([file.bytes]), file.name);
    return fetch(`${s.base}/console/plans/upload`, { method: "POST", redirect: "manual", headers: who ? { cookie: who.cookie } : {}, body: form });
  };
  const planId = async (number: string) => (await peek<{ id: number }>(s.db, "SELECT id FROM plans WHERE number = ?", number))!.id;
  const politeNoStack = (body: string) => {
    expect(body).not.toMatch(/\bat \S+\.(ts|js):\d+/);
    expect(body).not.toMatch(/Error:/);
  };

  it("refuses a unit head every plan page and action (403), and shows them no Plans link", async () => {
    const id = await planId("52/KH-UBND");
    for (const path of ["/console/plans", "/console/plans/upload", `/console/plans/${id}`, `/console/plans/${id}/files/1`]) expect((await get(path, head.cookie)).status, path).toBe(403);
    for (const path of [`/console/plans/${id}/schedule`, `/console/plans/${id}/cutoff`, `/console/plans/${id}/number`, `/console/plans/${id}/delete`]) {
      expect((await post(path, head, { frequency: "yearly", days: "3", number: "1/KH", confirm: "1" })).status, path).toBe(403);
    }
    expect((await upload(head, { name: "kh.txt", bytes: seed000 })).status).toBe(403);
    expect(await (await get("/console", head.cookie)).text()).not.toContain('href="/console/plans"');
    expect(await (await get("/console", coordinator.cookie)).text()).toContain('href="/console/plans"');
    expect(await peek(s.db, "SELECT count(*) AS n FROM plan_files")).toEqual({ n: 0 });
  });

  it("answers 401 without a session, before reading an upload, and 403 to an upload without the form token", async () => {
    expect((await get("/console/plans")).status).toBe(401);
    expect((await get("/console/plans", "chitieu_console=made-up")).status).toBe(401);
    const r = await upload(undefined, { name: "kh.txt", bytes: seed000 });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error: string }).error).toBe("no_session");
    expect((await upload({ cookie: coordinator.cookie, csrf: "wrong-token-wrong-token-wrong" }, { name: "kh.txt", bytes: seed000 })).status).toBe(403);
    expect(await peek(s.db, "SELECT count(*) AS n FROM plan_files")).toEqual({ n: 0 });
  });

  it("turns away a bad file with a short Vietnamese page and no stack: no file, a .doc, a broken .docx, a file with no table", async () => {
    const none = await upload(coordinator, undefined);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Chưa chọn tệp");
    const doc = await upload(coordinator, { name: "ke-hoach.doc", bytes: new TextEncoder().encode("old word") });
    expect(doc.status).toBe(400);
    const docText = await doc.text();
    expect(docText).toContain("lưu lại thành .docx");
    politeNoStack(docText);
    for (const file of [{ name: "ke-hoach.docx", bytes: new TextEncoder().encode("this is not a zip") }, { name: "ghi-chu.txt", bytes: new TextEncoder().encode("Chỉ là ghi chú, không có bảng.\n") }]) {
      const r = await upload(coordinator, file);
      expect(r.status, file.name).toBe(400);
      const body = await r.text();
      expect(body, file.name).toContain(`Không đọc được chỉ tiêu hay nhiệm vụ nào trong &#34;${file.name}&#34;`);
      politeNoStack(body);
    }
    expect(await peek(s.db, "SELECT count(*) AS n FROM plans WHERE key LIKE 'file:%'")).toEqual({ n: 0 });
    // Nothing read, nothing kept.
    expect(await peek(s.db, "SELECT count(*) AS n FROM plan_files")).toEqual({ n: 0 });
  });

  it("previews every format a plan comes in: Word .docx, .pdf, the template as .csv and .xlsx", async () => {
    const seed001 = readFileSync(join(import.meta.dirname, "../../db/seed/plans/001_8750eb6a39ed0c07.txt"), "utf8");
    const files = [
      { name: "KH 52.docx", bytes: await docxFromText(seed000.toString("utf8")), says: "Cập nhật kế hoạch 52/KH-UBND đã có." },
      { name: "KH 30.pdf", bytes: pdfFromText(seed001), says: "Cập nhật kế hoạch 30/KH-SKHCN đã có." },
      { name: "mau.csv", bytes: readFileSync(join(import.meta.dirname, "../../docs/catalogue-template.csv")), says: "Kế hoạch mới" },
      { name: "mau.xlsx", bytes: readFileSync(join(import.meta.dirname, "../../docs/catalogue-template.xlsx")), says: "Kế hoạch mới" },
    ];
    for (const file of files) {
      const r = await upload(coordinator, file);
      const body = await r.text();
      expect(r.status, file.name).toBe(200);
      expect(body, file.name).toContain(file.says);
      expect(body, file.name).toMatch(/data-preview-counts>Mới \d+, thay đổi \d+, bị xóa 0, không đổi \d+\./);
    }
    // Previews only: no plan was added, the four uploads await confirmation.
    expect(await peek(s.db, "SELECT count(*) AS n FROM plan_files WHERE plan_id IS NULL")).toEqual({ n: 4 });
    expect(await peek(s.db, "SELECT count(*) AS n FROM plans")).toEqual({ n: 4 });
  });

  it("refuses a file over 10 MB with 413 and a polite page", async () => {
    const r = await upload(coordinator, { name: "qua-lon.pdf", bytes: new Uint8Array(MAX_PLAN_FILE_BYTES + 1) });
    expect(r.status).toBe(413);
    const body = await r.text();
    expect(body).toContain("Tệp lớn hơn 10 MB");
    politeNoStack(body);
    expect(await peek(s.db, "SELECT count(*) AS n FROM plan_files WHERE file_name = 'qua-lon.pdf'")).toEqual({ n: 0 });
  });

  it("previews an upload of a stored plan as unchanged, saves nothing until confirmed, and keeps the file once confirmed", async () => {
    const r = await upload(coordinator, { name: "KH 52.txt", bytes: seed000 });
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain("Cập nhật kế hoạch 52/KH-UBND đã có.");
    expect(page).toMatch(/Mới 0, thay đổi 0, bị xóa 0, không đổi 1\d\./);
    const fileId = Number(/action="\/console\/plans\/uploads\/(\d+)\/confirm"/.exec(page)?.[1]);
    expect(await peek(s.db, "SELECT plan_id, file_name FROM plan_files WHERE id = ?", fileId)).toEqual({ plan_id: null, file_name: "KH 52.txt" });
    const saved = await post(`/console/plans/uploads/${fileId}/confirm`, coordinator, { plan: "" });
    expect(saved.status).toBe(303);
    const id = await planId("52/KH-UBND");
    expect(saved.headers.get("location")).toBe(`/console/plans/${id}?done=imported`);
    const row = (await peek<{ plan_id: number; sha256: string }>(s.db, "SELECT plan_id, sha256 FROM plan_files WHERE id = ?", fileId))!;
    expect(row.plan_id).toBe(id);
    expect(existsSync(join(s.config.DATA_DIR, "plan-files", row.sha256))).toBe(true);
    const download = await get(`/console/plans/${id}/files/${fileId}`, coordinator.cookie);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''KH%2052.txt");
    expect(Buffer.from(await download.arrayBuffer()).equals(seed000)).toBe(true);
    // Confirmed once: a second confirmation changes nothing.
    expect((await post(`/console/plans/uploads/${fileId}/confirm`, coordinator, { plan: "" })).headers.get("location")).toBe(`/console/plans/${id}?done=not_pending`);
    expect(await peek(s.db, "SELECT actor, action, entity_id FROM audit_log WHERE action = 'catalogue.import'")).toEqual({ actor: "Lê Thu Hà", action: "catalogue.import", entity_id: "52/khubnd" });
  });

  it("sets the frequency of a plan and of one item, and the cutoff, each audited under the coordinator's name", async () => {
    const id = await planId("52/KH-UBND");
    expect((await post(`/console/plans/${id}/schedule`, coordinator, { code: "", frequency: "quarterly" })).headers.get("location")).toBe(`/console/plans/${id}?done=schedule`);
    expect((await post(`/console/plans/${id}/schedule`, coordinator, { code: "III.2", frequency: "yearly" })).headers.get("location")).toBe(`/console/plans/${id}?done=schedule`);
    const frequencies = await peekAll<{ code: string; frequency: string }>(
      s.db,
      "SELECT DISTINCT i.code, a.frequency FROM assignments a JOIN indicators i ON i.id = a.indicator_id WHERE i.plan_id = ? AND a.removed_at IS NULL AND i.code IN ('III.2', 'II.1') ORDER BY i.code",
      id,
    );
    expect(frequencies).toEqual([{ code: "II.1", frequency: "quarterly" }, { code: "III.2", frequency: "yearly" }]);
    const page = await (await get(`/console/plans/${id}?done=schedule`, coordinator.cookie)).text();
    expect(page).toContain("Đã lưu kỳ báo cáo.");
    expect(page).toMatch(/<tr data-item="III.2">.*<option value="yearly" selected>/s);
    expect((await post(`/console/plans/${id}/schedule`, coordinator, { code: "IX.9", frequency: "yearly" })).status).toBe(404);
    expect((await post(`/console/plans/${id}/cutoff`, coordinator, { days: "abc" })).headers.get("location")).toBe(`/console/plans/${id}?done=bad_days`);
    expect((await post(`/console/plans/${id}/cutoff`, coordinator, { days: "9" })).headers.get("location")).toBe(`/console/plans/${id}?done=cutoff`);
    expect(await peek(s.db, "SELECT lock_after_days FROM plans WHERE id = ?", id)).toEqual({ lock_after_days: 9 });
    const audit = await peekAll<{ action: string; actor_person_id: number | null }>(s.db, "SELECT action, actor_person_id FROM audit_log WHERE action IN ('schedule.set', 'plan.lock_days') ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(["schedule.set", "schedule.set", "plan.lock_days"]);
    expect(audit.every((a) => a.actor_person_id !== null)).toBe(true);
  });

  it("deletes a plan only with the box ticked, and writes who did it", async () => {
    const id = await planId("30/KH-SKHCN");
    expect((await post(`/console/plans/${id}/delete`, coordinator, {})).headers.get("location")).toBe(`/console/plans/${id}?done=removal_unconfirmed`);
    expect(await peek(s.db, "SELECT count(*) AS n FROM plans WHERE id = ?", id)).toEqual({ n: 1 });
    const gone = await post(`/console/plans/${id}/delete`, coordinator, { confirm: "1" });
    expect(gone.headers.get("location")).toBe("/console/plans?done=removed&n=30%2FKH-SKHCN");
    expect(await peek(s.db, "SELECT count(*) AS n FROM plans WHERE id = ?", id)).toEqual({ n: 0 });
    expect(await peek(s.db, "SELECT actor, entity_id FROM audit_log WHERE action = 'plan.remove'")).toEqual({ actor: "Lê Thu Hà", entity_id: "30/khskhcn" });
    expect(await (await get("/console/plans?done=removed&n=30%2FKH-SKHCN", coordinator.cookie)).text()).toContain("Đã xóa kế hoạch 30/KH-SKHCN.");
  });
});
