import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { broadcasts, units } from "../../db/schema.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, reportWithEvidence, sessionFor } from "./console-session.ts";
import { poke } from "../support/peek.ts";

/** What each console page shows, read over HTTP with sessions opened through /web links. */
describe("console pages", () => {
  let s: TestApp;
  let report: Awaited<ReturnType<typeof reportWithEvidence>>;
  let coordinator: { cookie: string; csrf: string };
  let headTc: { cookie: string; csrf: string };
  beforeAll(async () => {
    s = await startTestApp({ demo: true });
    report = await reportWithEvidence(s);
    coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    headTc = await sessionFor(s, demo.headTc.phone, demo.headTc.code);
  }, 60_000);
  afterAll(async () => s.close());

  const get = (path: string, cookie: string) => fetch(`${s.base}${path}`, { redirect: "manual", headers: { cookie } });
  const post = (path: string, cookie: string, form: Record<string, string>) =>
    fetch(`${s.base}${path}`, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });

  it("shows a report's revisions (who, when, channel) and its photo, and serves the photo's bytes", async () => {
    const page = await (await get(`/console/reports/${report.reportId}`, coordinator.cookie)).text();
    expect(page).toContain("Lần 1");
    expect(page).toContain("Lần 2");
    expect(page).toContain("Nguyễn Thị Lan");
    expect(page).toContain("qua Telegram");
    expect(page).toContain("Số liệu đã rà soát");
    const src = /<img src="(\/console\/reports\/\d+\/evidence\/0)"/.exec(page)?.[1];
    expect(src).toBeDefined();
    const photo = await get(src!, coordinator.cookie);
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await photo.arrayBuffer()).equals(report.photo)).toBe(true);
    expect((await get(`/console/reports/${report.reportId}/evidence/5`, coordinator.cookie)).status).toBe(404);
  });

  it("refuses another unit's report and evidence to a unit head, and shows them nothing of it", async () => {
    const r = await get(`/console/reports/${report.reportId}`, headTc.cookie);
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain("Số liệu đã rà soát");
    expect((await get(`/console/reports/${report.reportId}/evidence/0`, headTc.cookie)).status).toBe(404);
  });

  it("shows an indicator's values by unit and period, its target and a trend chart", async () => {
    const unitPage = await (await get(`/console/units/${(await s.db.select().from(units).where(eq(units.name, "Sở Khoa học và Công nghệ")).get())!.id}?period=2026`, coordinator.cookie)).text();
    expect(unitPage).toContain(`/console/reports/${report.reportId}`);
    const indicator = /\/console\/indicators\/(\d+)/.exec(unitPage)![1];
    const page = await (await get(`/console/indicators/${indicator}?period=2026`, coordinator.cookie)).text();
    expect(page).toContain("Chỉ tiêu năm");
    expect(page).toContain("<svg class=\"trend\"");
    expect((await get("/console/indicators/999999", coordinator.cookie)).status).toBe(404);
  });

  it("shows the unit's people and whether their chat is linked", async () => {
    const id = (await s.db.select().from(units).where(eq(units.name, "Sở Tài chính")).get())!.id;
    const page = await (await get(`/console/units/${id}`, headTc.cookie)).text();
    // Hoàng Văn Nam linked through the dev chat to get his link; Phạm Quốc Bảo has not.
    expect(page).toMatch(/Hoàng Văn Nam<\/td><td>[^<]*<\/td><td class="ok">có/);
    expect(page).toMatch(/Phạm Quốc Bảo<\/td><td>[^<]*<\/td><td class="warn">chưa/);
  });

  it("previews a broadcast with the audience's counts, sends it, and reports its progress as JSON", async () => {
    const form = { _csrf: coordinator.csrf, audience: "role", role: "unit_head", text: "Đề nghị lãnh đạo đơn vị xem trang quản lý.", urgent: "1" };
    const preview = await (await post("/console/broadcasts/preview", coordinator.cookie, form)).text();
    expect(preview).toContain("Sẽ gửi tới 1 người");
    const sent = await post("/console/broadcasts", coordinator.cookie, form);
    expect(sent.status).toBe(303);
    const id = /follow=(\d+)/.exec(sent.headers.get("location")!)![1];
    const row = (await s.db.select().from(broadcasts).where(eq(broadcasts.id, Number(id))).get())!;
    expect(row.audience).toEqual({ type: "role", role: "unit_head" });
    const progress = (await (await get(`/console/broadcasts/${id}.json`, coordinator.cookie)).json()) as { status: string; pending: number; line: string };
    expect(progress).toMatchObject({ status: "sending", pending: 1 });
    expect(progress.line).toContain("Đã gửi 0/1");
    // Unit heads neither send nor read broadcasts.
    expect((await post("/console/broadcasts", headTc.cookie, { ...form, _csrf: headTc.csrf })).status).toBe(403);
    expect((await get(`/console/broadcasts/${id}.json`, headTc.cookie)).status).toBe(403);
  });

  it("refuses a broadcast form without an audience or text, in Vietnamese", async () => {
    const r = await post("/console/broadcasts/preview", coordinator.cookie, { _csrf: coordinator.csrf, audience: "unit", text: "" });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Chưa đủ thông tin");
  });

  it("exports the flat CSV and a plan's workbook for coordinators", async () => {
    const csv = await get("/console/exports/reports.csv?period=2026-11", coordinator.cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toContain("bao-cao-2026-11.csv");
    expect(await csv.text()).toContain("Sở Khoa học và Công nghệ");
    const exportsPage = await (await get("/console/exports?period=2026-11", coordinator.cookie)).text();
    const href = /href="(\/console\/exports\/plan\.xlsx\?[^"]+)"/.exec(exportsPage)![1]!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
    const xlsx = await get(href, coordinator.cookie);
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
  });

  it("escapes what people typed: a broadcast text with markup shows as text", async () => {
    const form = { _csrf: coordinator.csrf, audience: "all", text: '<script>alert("x")</script> & "quotes"' };
    const page = await (await post("/console/broadcasts/preview", coordinator.cookie, form)).text();
    expect(page).not.toContain('<script>alert("x")</script>');
    expect(page).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
  });

  it("answers in English for a person whose language is English", async () => {
    await poke(s.db, "update people set locale = 'en' where phone = ?", demo.coordinator.phone);
    const page = await (await get("/console", coordinator.cookie)).text();
    expect(page).toContain("<h1>Overview</h1>");
    expect(page).toContain('lang="en"');
    await poke(s.db, "update people set locale = 'vi' where phone = ?", demo.coordinator.phone);
  });
});
