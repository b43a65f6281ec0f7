import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingStatus } from "../../src/services/reporting-status.ts";
import { peek } from "../support/peek.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, sessionFor } from "./console-session.ts";

const vn = (local: string) => new Date(`${local}+07:00`);

/** The due rules on the console's plan pages, over a real port and a real SQLite file: who may set them, what they show, that they take effect. */
describe("console due rules over HTTP", () => {
  let s: TestApp;
  let coordinator: { cookie: string; csrf: string };
  let head: { cookie: string; csrf: string };
  beforeAll(async () => {
    s = await startTestApp({ demo: true });
    coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    head = await sessionFor(s, demo.headKhcn.phone, demo.headKhcn.code);
  }, 60_000);
  afterAll(async () => s.close());

  const get = async (path: string, cookie: string) => await (await fetch(`${s.base}${path}`, { redirect: "manual", headers: { cookie } })).text();
  const post = (path: string, who: { cookie: string; csrf: string }, fields: Record<string, string>) =>
    fetch(`${s.base}${path}`, { method: "POST", redirect: "manual", headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: who.csrf, ...fields }) });
  const itemRow = (page: string, code: string) => page.slice(page.indexOf(`<tr data-item="${code}">`), page.indexOf("</tr>", page.indexOf(`<tr data-item="${code}">`)));

  it("refuses a unit head (403) and changes nothing", async () => {
    const id = (await peek<{ id: number }>(s.db, "SELECT id FROM plans WHERE number = ?", "52/KH-UBND"))!.id;
    expect((await post(`/console/plans/${id}/due-rule`, head, { day: "10", hour: "9" })).status).toBe(403);
    expect((await post("/console/plans/due-rule", head, { day: "10", hour: "9" })).status).toBe(403);
    expect(await peek(s.db, "SELECT due_day AS d FROM plans WHERE id = ?", id)).toEqual({ d: null });
    expect(await peek(s.db, "SELECT count(*) AS n FROM province_settings WHERE due_day IS NOT NULL")).toEqual({ n: 0 });
  });

  it("sets a plan's and an item's due day and hour, shows each rule in force and where it comes from, and the deadlines follow", async () => {
    const id = (await peek<{ id: number }>(s.db, "SELECT id FROM plans WHERE number = ?", "52/KH-UBND"))!.id;
    // Two indicators with November rows in the read model (a monthly assignment of a unit that owes reports).
    const keys = [...new Set((await reportingStatus(s.db, { periodKey: "2026-11", planId: id, now: vn("2026-11-11T10:00:00") })).map((x) => x.subjectKey).filter((k) => k.startsWith("i:")))].slice(0, 2);
    const [first, second] = await Promise.all(keys.map(async (k) => (await peek<{ id: number; code: string }>(s.db, "SELECT id, code FROM indicators WHERE id = ?", Number(k.slice(2))))!));
    let page = await get(`/console/plans/${id}`, coordinator.cookie);
    expect(page).toContain("16h00 ngày 25 (mặc định có sẵn)");

    let r = await post(`/console/plans/${id}/due-rule`, coordinator, { day: "10", hour: "9", yearly: "" });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe(`/console/plans/${id}?done=due_rule`);
    r = await post(`/console/plans/${id}/due-rule`, coordinator, { code: first!.code, day: "5", hour: "8" });
    expect(r.headers.get("location")).toBe(`/console/plans/${id}?done=due_rule`);

    page = await get(`/console/plans/${id}?done=due_rule`, coordinator.cookie);
    expect(page).toContain("Đã lưu hạn nộp.");
    expect(page.slice(page.indexOf("data-plan-due"))).toMatch(/^data-plan-due>[^<]*<span [^>]*data-due-from="plan">9h00 ngày 10 \(của kế hoạch\); số liệu năm: 05\/12 \(mặc định có sẵn\)/);
    expect(itemRow(page, first!.code)).toContain("8h00 ngày 5 (riêng của mục)");
    expect(itemRow(page, second!.code)).toContain("9h00 ngày 10 (của kế hoạch)");

    // The read model (and so the console's views and exports) takes them.
    const rows = await reportingStatus(s.db, { periodKey: "2026-11", planId: id, now: vn("2026-11-11T10:00:00") });
    expect(rows.find((x) => x.subjectKey === `i:${first!.id}`)!.dueAt).toEqual(vn("2026-11-05T08:00:00"));
    expect(rows.find((x) => x.subjectKey === `i:${second!.id}`)!.dueAt).toEqual(vn("2026-11-10T09:00:00"));

    // A bad rule is refused politely; "clear" hands the item back to its plan.
    r = await post(`/console/plans/${id}/due-rule`, coordinator, { code: first!.code, day: "31", hour: "9" });
    expect(r.headers.get("location")).toBe(`/console/plans/${id}?done=bad_due_rule`);
    expect(await get(`/console/plans/${id}?done=bad_due_rule`, coordinator.cookie)).toContain("Hạn nộp không hợp lệ: ngày từ 1 đến 28");
    r = await post(`/console/plans/${id}/due-rule`, coordinator, { code: first!.code, day: "5", hour: "8", clear: "1" });
    expect(r.headers.get("location")).toBe(`/console/plans/${id}?done=due_rule`);
    expect(itemRow(await get(`/console/plans/${id}`, coordinator.cookie), first!.code)).toContain("9h00 ngày 10 (của kế hoạch)");
    // An item the plan does not have: not found.
    expect((await post(`/console/plans/${id}/due-rule`, coordinator, { code: "no-such-code", day: "5", hour: "8" })).status).toBe(404);
  });

  it("sets the province's default on the plans page; plans without their own follow it", async () => {
    const r = await post("/console/plans/due-rule", coordinator, { day: "20", hour: "17", yearly: "31/12" });
    expect(r.headers.get("location")).toBe("/console/plans?done=due_rule");
    expect(await get("/console/plans", coordinator.cookie)).toContain("17h00 ngày 20 (mặc định của tỉnh); số liệu năm: 31/12 (mặc định của tỉnh)");
    const other = (await peek<{ id: number }>(s.db, "SELECT id FROM plans WHERE number <> ? ORDER BY id LIMIT 1", "52/KH-UBND"))!.id;
    expect(await get(`/console/plans/${other}`, coordinator.cookie)).toContain("17h00 ngày 20 (mặc định của tỉnh)");
    const own = (await peek<{ id: number }>(s.db, "SELECT id FROM plans WHERE number = ?", "52/KH-UBND"))!.id;
    expect(await get(`/console/plans/${own}`, coordinator.cookie)).toContain("9h00 ngày 10 (của kế hoạch); số liệu năm: 31/12 (mặc định của tỉnh)");
  });
});
