import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { consoleLoginLinks, consoleSessions, units } from "../../db/schema.ts";
import { hashSecret } from "../../src/console/console-auth.ts";
import { setPersonActive } from "../../src/services/manage-people.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, devSay, loginLinkFor, sessionFor, spendLink } from "./console-session.ts";

/** The console's doors, over a real port and a real SQLite file, with links obtained from the dev chat. */
describe("console security", () => {
  let s: TestApp;
  beforeAll(async () => {
    s = await startTestApp({ demo: true });
  });
  afterAll(async () => s.close());

  const get = (path: string, cookie?: string) => fetch(`${s.base}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const unitId = async (name: string) => (await s.db.select().from(units).where(eq(units.name, name)).get())!.id;

  it("shows the landing page at / without a session, and no province data", async () => {
    const r = await get("/");
    expect(r.status).toBe(200);
    const body = await r.text();
    expect(body).toContain("/web");
    expect(body).not.toContain("Sở Tài chính");
    expect(r.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(r.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("reaches no console page or JSON without a session", async () => {
    for (const path of ["/console", "/console/units", `/console/units/${await unitId("Sở Tài chính")}`, "/console/broadcasts", "/console/exports", "/console/exports/reports.csv?period=2026", "/console/reports/1", "/console/zalo", "/console/charts/completeness.png"]) {
      const r = await get(path);
      expect(r.status, path).toBe(401);
      expect(await r.text(), path).not.toContain("Sở Tài chính");
    }
    expect((await get(`/console/units/${await unitId("Sở Tài chính")}/status.json`)).status).toBe(401);
    expect((await get("/console", "chitieu_console=made-up-session-id")).status).toBe(401);
  });

  it("answers /web with a one-time link to coordinators and unit heads only, and refuses focal points politely", async () => {
    await devSay(s, demo.focal.phone, demo.focal.code);
    const refusal = (await devSay(s, demo.focal.phone, "mở trang quản lý")).join("\n");
    expect(refusal).toContain("chưa được phân quyền");
    expect(refusal).not.toContain("/login?t=");
    const path = await loginLinkFor(s, demo.headKhcn.phone, demo.headKhcn.code);
    // Typed without diacritics, the same command.
    expect((await devSay(s, demo.headKhcn.phone, "mo trang quan ly")).join("\n")).toMatch(/\/login\?t=/);
    // Only the token's hash is stored.
    const token = new URL(path, s.base).searchParams.get("t")!;
    const rows = await s.db.select().from(consoleLoginLinks).all();
    expect(rows.some((r) => r.tokenHash === hashSecret(token))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("does not spend a link on GET (a chat app's preview), spends it once on POST, and refuses it after", async () => {
    const path = await loginLinkFor(s, demo.coordinator.phone, demo.coordinator.code);
    const page = await get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/login"');
    const first = await spendLink(s, path);
    expect(first.status).toBe(303);
    expect(first.setCookie).toMatch(/HttpOnly/i);
    expect(first.setCookie).toMatch(/SameSite=Lax/i);
    const second = await spendLink(s, path);
    expect(second.status).toBe(410);
    expect(second.cookie).toBeUndefined();
    const again = await get(path);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("đã được dùng");
    // The session id in the cookie is stored only as its hash.
    const sessionId = first.cookie!.split("=")[1]!;
    const sessions = await s.db.select().from(consoleSessions).all();
    expect(sessions.some((x) => x.idHash === hashSecret(sessionId))).toBe(true);
    expect(JSON.stringify(sessions)).not.toContain(sessionId);
  });

  it("refuses a link after its 10 minutes", async () => {
    const path = await loginLinkFor(s, demo.coordinator.phone, demo.coordinator.code);
    s.clock.advance(10 * 60_000 + 1);
    const r = await spendLink(s, path);
    expect(r.status).toBe(410);
    expect(r.cookie).toBeUndefined();
    expect(await (await get(path)).text()).toContain("hết hạn");
  });

  it("keeps a unit head to their unit and its sub-units, by page and by API", async () => {
    const head = await sessionFor(s, demo.headKhcn.phone, demo.headKhcn.code);
    const own = await unitId("Sở Khoa học và Công nghệ");
    const sub = await unitId("Phòng Chuyển đổi số");
    const other = await unitId("Sở Tài chính");
    expect((await get(`/console/units/${own}`, head.cookie)).status).toBe(200);
    expect((await get(`/console/units/${sub}`, head.cookie)).status).toBe(200);
    const refused = await get(`/console/units/${other}`, head.cookie);
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain("Hoàng Văn Nam");
    expect((await get(`/console/units/${own}/status.json`, head.cookie)).status).toBe(200);
    expect((await get(`/console/units/${other}/status.json`, head.cookie)).status).toBe(404);
    const list = await (await get("/console/units", head.cookie)).text();
    expect(list).toContain("Phòng Chuyển đổi số");
    expect(list).not.toContain("Sở Tài chính");
    const overview = await (await get("/console?period=2026", head.cookie)).text();
    expect(overview).not.toContain("Sở Tài chính");
    // Province-wide pages are the coordinators'.
    expect((await get("/console/broadcasts", head.cookie)).status).toBe(403);
    expect((await get("/console/exports/reports.csv?period=2026", head.cookie)).status).toBe(403);
    expect((await get("/console/zalo", head.cookie)).status).toBe(403);
    // A coordinator sees the other unit.
    const coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    expect(await (await get(`/console/units/${other}`, coordinator.cookie)).text()).toContain("Hoàng Văn Nam");
  });

  it("refuses a POST without the session's CSRF token, or with another session's", async () => {
    const a = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    const b = await sessionFor(s, demo.headTc.phone, demo.headTc.code);
    const post = (cookie: string, form: Record<string, string>) =>
      fetch(`${s.base}/console/broadcasts/preview`, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });
    const form = { audience: "all", text: "Nhắc báo cáo" };
    expect((await post(a.cookie, form)).status).toBe(403);
    expect((await post(a.cookie, { ...form, _csrf: b.csrf })).status).toBe(403);
    expect((await post(a.cookie, { ...form, _csrf: a.csrf })).status).toBe(200);
    const logout = await fetch(`${s.base}/logout`, { method: "POST", redirect: "manual", headers: { cookie: a.cookie, "content-type": "application/x-www-form-urlencoded" }, body: "" });
    expect(logout.status).toBe(403);
    expect((await get("/console", a.cookie)).status).toBe(200);
  });

  it("ends the session at logout", async () => {
    const a = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    const r = await fetch(`${s.base}/logout`, { method: "POST", redirect: "manual", headers: { cookie: a.cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: a.csrf }) });
    expect(r.status).toBe(303);
    expect((await get("/console", a.cookie)).status).toBe(401);
  });

  it("ends the sessions of a deactivated person and gives them no new link", async () => {
    const a = await sessionFor(s, demo.headTc.phone, demo.headTc.code);
    expect((await get("/console", a.cookie)).status).toBe(200);
    const pending = await loginLinkFor(s, demo.headTc.phone, demo.headTc.code);
    const { endedSessions } = await setPersonActive(s.db, demo.headTc.phone, false, s.clock.now());
    expect(endedSessions).toBeGreaterThanOrEqual(1);
    expect((await get("/console", a.cookie)).status).toBe(401);
    expect((await spendLink(s, pending)).status).toBe(403);
    const answer = (await devSay(s, demo.headTc.phone, "/web")).join("\n");
    expect(answer).not.toContain("/login?t=");
    expect(answer).toContain("ngừng hoạt động");
    await setPersonActive(s.db, demo.headTc.phone, true, s.clock.now());
  });

  it("ends a session after its 12 hours", async () => {
    const a = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    s.clock.advance(12 * 60 * 60_000 + 1);
    expect((await get("/console", a.cookie)).status).toBe(401);
  });

  it("sends at most five links per person in ten minutes", async () => {
    s.clock.advance(60 * 60_000);
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push((await devSay(s, demo.headKhcn.phone, "/web")).join("\n"));
    expect(answers.filter((a) => a.includes("/login?t=")).length).toBe(5);
    expect(answers[5]).toContain("nhiều liên kết");
  });
});
