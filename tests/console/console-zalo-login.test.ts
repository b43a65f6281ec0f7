import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, sessionFor } from "./console-session.ts";

/** With ZALO_TRANSPORT=zca the QR login routes sit behind an admin's console session, not the admin token. */
describe("the Zalo QR login inside the console", () => {
  let s: TestApp;
  beforeAll(async () => {
    s = await startTestApp({ demo: true, env: { ZALO_TRANSPORT: "zca", ADMIN_TOKEN: "admin-token-0123456789abcdef", DEV_CHAT: "true" } });
  }, 60_000);
  afterAll(async () => s.close());

  const get = (path: string, cookie?: string) => fetch(`${s.base}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

  it("shows the login state to an admin's session and to nobody else, the admin token included", async () => {
    expect((await get("/admin/zalo/login/status")).status).toBe(401);
    expect((await fetch(`${s.base}/admin/zalo/login/status`, { headers: { authorization: "Bearer admin-token-0123456789abcdef" } })).status).toBe(401);
    const head = await sessionFor(s, demo.headKhcn.phone, demo.headKhcn.code);
    expect((await get("/admin/zalo/login/status", head.cookie)).status).toBe(403);
    expect((await get("/console/zalo", head.cookie)).status).toBe(403);
    const admin = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    const status = await get("/admin/zalo/login/status", admin.cookie);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ state: "idle" });
    const page = await (await get("/console/zalo", admin.cookie)).text();
    expect(page).toContain("data-zalo-status");
    expect(page).toContain('action="/admin/zalo/login/start"');
    // The old address leads to the console's page.
    const old = await get("/admin/zalo/login", admin.cookie);
    expect(old.status).toBe(303);
    expect(old.headers.get("location")).toBe("/console/zalo");
    // Starting a login is a form: without the session's CSRF token it is refused before anything starts.
    const start = await fetch(`${s.base}/admin/zalo/login/start`, { method: "POST", redirect: "manual", headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" }, body: "new=1" });
    expect(start.status).toBe(403);
    expect(await (await get("/admin/zalo/login/status", admin.cookie)).json()).toMatchObject({ state: "idle" });
  });
});
