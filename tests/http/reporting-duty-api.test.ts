import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import { auditLog, plans, units } from "../../db/schema.ts";
import { reportingStatus } from "../../src/services/reporting-status.ts";
import { changeUnitStanding } from "../../src/services/unit-standing.ts";
import { demo, sessionFor } from "../console/console-session.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

const TOKEN = "s3cret-admin-token-for-tests";
const auth = { authorization: `Bearer ${TOKEN}` };

interface Summary {
  units: { unitName: string; expected: number; overdue: number }[];
}

/**
 * A ministry marked outside the province, a deactivated unit and a plan's track-from date, changed
 * from the console (coordinator only) and read back through the read API, the summary and a
 * re-read workbook: every output agrees with the one rule (src/domain/reporting-duty.ts).
 */
describe("units that owe nothing and track-from dates, over HTTP", { timeout: 120_000 }, () => {
  let s: TestApp;
  let coordinator: { cookie: string; csrf: string };
  let headTc: { cookie: string; csrf: string };
  let ministryPlan: string;
  beforeAll(async () => {
    // The demo loaded on 1 November 2026, read on the 27th at 09:00 in Vietnam: the November figures (due the 25th) are overdue.
    s = await startTestApp({ demo: true, now: "2026-10-31T17:00:00Z", env: { ADMIN_TOKEN: TOKEN } });
    s.clock.set("2026-11-27T02:00:00Z");
    coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    headTc = await sessionFor(s, demo.headTc.phone, demo.headTc.code);
    // The demo marks the ministries its plans name as outside the province; brought inside first to watch the change.
    await changeUnitStanding(s.db, "Bộ Công an", "internal", { personId: null, name: "test" }, s.clock.now());
    const planId = (await reportingStatus(s.db, { periodKey: "2026-11", now: s.clock.now() })).find((r) => r.unitName === "Bộ Công an")!.planId;
    ministryPlan = (await listPlans(s.db)).find((p) => p.id === planId)!.number;
  }, 60_000);
  afterAll(async () => s.close());

  const api = async <T>(path: string) => (await (await fetch(`${s.base}${path}`, { headers: auth })).json()) as T;
  const post = (path: string, who: { cookie: string; csrf: string }, form: Record<string, string>) =>
    fetch(`${s.base}${path}`, { method: "POST", redirect: "manual", headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: who.csrf, ...form }) });
  const page = async (path: string, who: { cookie: string }) => (await fetch(`${s.base}${path}`, { headers: { cookie: who.cookie } })).text();
  const unitId = async (name: string) => (await s.db.select().from(units).where(eq(units.name, name)).get())!.id;
  /** Each sheet's text, and the plan's own cells (the columns before the 9 result columns) of the plan-shaped sheets, in order. */
  const sheetTexts = async (plan: string) => {
    const res = await fetch(`${s.base}/api/exports/plan.xlsx?plan=${encodeURIComponent(plan)}&period=2026-11`, { headers: auth });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const out = new Map<string, string>();
    const planCells: string[] = [];
    workbook.eachSheet((sheet) => {
      const cells: string[] = [];
      const planColumns = sheet.columnCount - 9;
      const layout = !["Tổng hợp", "Nhiệm vụ", "Dữ liệu"].includes(sheet.name);
      sheet.eachRow((row, n) =>
        row.eachCell((cell, col) => {
          cells.push(String(cell.text ?? ""));
          if (layout && n > 1 && col <= planColumns && cell.text) planCells.push(`${sheet.name}:${col}:${cell.text}`);
        }),
      );
      out.set(sheet.name, cells.join("\n"));
    });
    return { sheets: out, planCells };
  };

  it("marks a ministry outside the province from the console: gone from the summary, the overdue rows and the workbook's Tổng hợp, still named in the plan's table", async () => {
    const before = await api<Summary>(`/api/summary?period=2026-11`);
    expect(before.units.find((u) => u.unitName === "Bộ Công an")?.overdue).toBeGreaterThan(0);
    const beforeSheets = await sheetTexts(ministryPlan);
    expect(beforeSheets.sheets.get("Tổng hợp")).toContain("Bộ Công an");
    expect(beforeSheets.sheets.get("Dữ liệu")).toContain("Bộ Công an");

    // A unit head may not change it; a coordinator may.
    const id = await unitId("Bộ Công an");
    expect((await post(`/console/units/${id}/standing`, headTc, { change: "external" })).status).toBe(403);
    expect((await s.db.select().from(units).where(eq(units.id, id)).get())!.external).toBe(false);
    const done = await post(`/console/units/${id}/standing`, coordinator, { change: "external" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/console/units/${id}?done=external`);
    const unitPage = await page(done.headers.get("location")!, coordinator);
    expect(unitPage).toContain("Đã đánh dấu đơn vị ngoài tỉnh");
    expect(unitPage).toContain('data-owes="no"');
    expect(await page("/console/units", coordinator)).toMatch(/Bộ Công an<\/a> <small class="warn" data-standing="external">/);
    expect((await s.db.select().from(auditLog).all()).some((a) => a.action === "unit.external" && a.entityId === String(id))).toBe(true);

    const after = await api<Summary>(`/api/summary?period=2026-11`);
    expect(after.units.map((u) => u.unitName)).not.toContain("Bộ Công an");
    const overdue = await api<{ rows: { unit: { name: string } }[] }>(`/api/reports?period=2026-11&status=overdue&pageSize=500`);
    expect(overdue.rows.length).toBeGreaterThan(0);
    expect(overdue.rows.filter((r) => r.unit.name === "Bộ Công an")).toEqual([]);
    const workbookAfter = await sheetTexts(ministryPlan);
    expect(workbookAfter.sheets.get("Tổng hợp")).not.toContain("Bộ Công an");
    expect(workbookAfter.sheets.get("Dữ liệu")).not.toContain("Bộ Công an");
    // The plan's own cells (its names, targets, lead and monitoring columns, as the document has them) are unchanged:
    // the ministry loses its result lines, never the plan's text that names it.
    expect(workbookAfter.planCells.length).toBeGreaterThan(0);
    expect(workbookAfter.planCells).toEqual(beforeSheets.planCells);

    const back = await post(`/console/units/${id}/standing`, coordinator, { change: "internal" });
    expect(back.status).toBe(303);
    expect((await api<Summary>(`/api/summary?period=2026-11`)).units.map((u) => u.unitName)).toContain("Bộ Công an");
  });

  it("deactivates a unit from the console: no rows of its own in the read API; reactivated, they are back", async () => {
    const id = await unitId("Sở Tài chính");
    expect((await post(`/console/units/${id}/standing`, coordinator, { change: "deactivate" })).status).toBe(303);
    expect(await page(`/console/units/${id}`, coordinator)).toContain("Đơn vị đã ngừng hoạt động");
    const rows = await api<{ total: number }>(`/api/reports?period=2026-11&unit=${encodeURIComponent("Sở Tài chính")}&status=expected`);
    expect(rows.total).toBe(0);
    expect((await post(`/console/units/${id}/standing`, coordinator, { change: "reactivate" })).status).toBe(303);
    expect((await api<{ total: number }>(`/api/reports?period=2026-11&unit=${encodeURIComponent("Sở Tài chính")}&status=expected`)).total).toBeGreaterThan(0);
    expect((await post(`/console/units/999999/standing`, coordinator, { change: "deactivate" })).status).toBe(404);
  });

  it("sets a plan's track-from date on the periods page: its November rows are neither expected nor overdue", async () => {
    const plan = (await listPlans(s.db)).find((p) => p.number === "52/KH-UBND")!;
    const overdueOf = async () => (await api<{ total: number }>(`/api/reports?period=2026-11&plan=52/KH-UBND&status=overdue`)).total;
    expect(await overdueOf()).toBeGreaterThan(0);
    expect((await post("/console/plans/track-from", headTc, { plan: plan.key, date: "2026-12-01" })).status).toBe(403);
    const bad = await post("/console/plans/track-from", coordinator, { plan: plan.key, date: "2026-02-30" });
    expect(bad.headers.get("location")).toBe("/console/periods?done=bad_date");
    const saved = await post("/console/plans/track-from", coordinator, { plan: plan.key, date: "2026-12-01" });
    expect(saved.headers.get("location")).toBe("/console/periods?done=plan_saved");
    expect((await s.db.select().from(plans).where(eq(plans.id, plan.id)).get())!.trackFrom?.toISOString()).toBe("2026-11-30T17:00:00.000Z");
    expect(await page("/console/periods", coordinator)).toContain('value="2026-12-01"');
    expect(await overdueOf()).toBe(0);
    const summary = await api<Summary>(`/api/summary?period=2026-11&plan=52/KH-UBND`);
    expect(summary.units).toEqual([]);
    const rows = await api<{ rows: { state: string; expected: boolean }[] }>(`/api/reports?period=2026-11&plan=52/KH-UBND&pageSize=20`);
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.every((r) => !r.expected && (r.state === "untracked" || r.state.startsWith("reported")))).toBe(true);
    // The province's date, for plans without their own; emptied again.
    expect((await post("/console/province/track-from", coordinator, { date: "2026-11-01" })).headers.get("location")).toBe("/console/periods?done=plan_saved");
    expect(await page("/console/periods", coordinator)).toContain("theo ngày của tỉnh: 2026-11-01");
    await post("/console/province/track-from", coordinator, { date: "" });
    await post("/console/plans/track-from", coordinator, { plan: plan.key, date: "" });
    expect(await overdueOf()).toBeGreaterThan(0);
  });

  it("imports a list of units from the console: a preview that saves nothing, then the import on confirmation", async () => {
    expect((await fetch(`${s.base}/console/units/import`, { headers: { cookie: headTc.cookie } })).status).toBe(403);
    expect(await page("/console/units", coordinator)).toContain('href="/console/units/import"');
    const csv = "Tên,Trực thuộc,Loại,Ngoài tỉnh\nUBND xã Hòa Bình Mới,,xã,\nBộ Công an,,,x\nSở Lạ,,hành tinh,\n";
    const preview = await post("/console/units/import", coordinator, { csv });
    expect(preview.status).toBe(200);
    const shown = await preview.text();
    expect(shown).toContain("Sẽ thêm 1, đổi tên 0, cập nhật 1, không đổi 0.");
    expect(shown).toMatch(/<tr data-status="added"><td>2<\/td><td>UBND xã Hòa Bình Mới/);
    expect(shown).toContain('data-problem="bad_kind"');
    expect(await s.db.select().from(units).where(eq(units.name, "UBND xã Hòa Bình Mới")).get()).toBeUndefined();
    expect((await post("/console/units/import", headTc, { csv, confirm: "1" })).status).toBe(403);
    const done = await post("/console/units/import", coordinator, { csv, confirm: "1" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/console/units?done=imported&n=2");
    expect((await s.db.select().from(units).where(eq(units.name, "UBND xã Hòa Bình Mới")).get())?.kind).toBe("commune");
    expect((await s.db.select().from(units).where(eq(units.name, "Bộ Công an")).get())?.external).toBe(true);
    expect(await page("/console/units?done=imported&n=2", coordinator)).toContain("Đã nhập 2 đơn vị từ danh sách.");
    expect((await post("/console/units/import", coordinator, { csv: "" })).status).toBe(400);
  });
});
