import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import { reportingStatus, summariseByUnit } from "../../src/services/reporting-status.ts";
import { seedReports } from "../exports/seeded-reports.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

const TOKEN = "s3cret-admin-token-for-tests";
const auth = { authorization: `Bearer ${TOKEN}` };

describe("the read API over real HTTP", () => {
  let service: TestApp;
  let planId: number;
  beforeAll(async () => {
    service = await startTestApp({ demo: true, now: "2026-11-27T02:00:00Z", env: { ADMIN_TOKEN: TOKEN } });
    planId = (await listPlans(service.db)).find((p) => p.number === "52/KH-UBND")!.id;
    await seedReports(service.db, await reportingStatus(service.db, { periodKey: "2026-11", planId, now: service.clock.now() }), "api");
  });
  afterAll(async () => service.close());

  const get = (path: string, headers: Record<string, string> = auth) => fetch(`${service.base}${path}`, { headers });

  it("refuses every read route without the token", async () => {
    for (const path of ["/api/reports?period=2026-11", "/api/summary?period=2026-11", "/api/reports/1/revisions", "/api/exports/plan.xlsx?plan=52/KH-UBND&period=2026-11", "/api/exports/reports.csv?period=2026-11", "/api/openapi.json"]) {
      expect((await get(path, {})).status, path).toBe(401);
    }
  });

  it("pages the read model's rows and filters them by plan, unit and status", async () => {
    const model = await reportingStatus(service.db, { periodKey: "2026-11", planId, now: service.clock.now() });
    const first = (await (await get("/api/reports?period=2026-11&plan=52/KH-UBND&pageSize=50")).json()) as { total: number; rows: { reportId: number | null; unit: { name: string }; state: string; value: { number: number | null } | null }[] };
    expect(first.total).toBe(model.length);
    expect(first.rows).toHaveLength(Math.min(50, model.length));
    expect(first.rows.map((r) => [r.unit.name, r.state, r.value?.number ?? null])).toEqual(model.slice(0, 50).map((r) => [r.unitName, r.state, r.report?.valueNumber ?? null]));
    const second = (await (await get("/api/reports?period=2026-11&plan=52/KH-UBND&pageSize=50&page=2")).json()) as { rows: unknown[] };
    expect(second.rows).toHaveLength(Math.max(0, Math.min(50, model.length - 50)));
    const late = (await (await get("/api/reports?period=2026-11&plan=52/KH-UBND&status=late")).json()) as { total: number; rows: { state: string }[] };
    expect(late.total).toBe(model.filter((r) => r.state === "reported_late").length);
    expect(late.rows.every((r) => r.state === "reported_late")).toBe(true);
    const unit = model[0]!.unitName;
    const byUnit = (await (await get(`/api/reports?period=2026-11&unit=${encodeURIComponent(unit)}`)).json()) as { rows: { unit: { name: string } }[] };
    expect(byUnit.rows.length).toBeGreaterThan(0);
    expect(byUnit.rows.every((r) => r.unit.name === unit)).toBe(true);
  });

  it("answers 400 naming the parameter for a bad period, and 404 for an unknown plan", async () => {
    const bad = await get("/api/reports?period=November");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain("period");
    expect((await get("/api/summary?period=2026-11&plan=99/KH-XYZ")).status).toBe(404);
  });

  it("gives a report's revisions oldest first, who, when and over which channel", async () => {
    const corrected = (await reportingStatus(service.db, { periodKey: "2026-11", planId, now: service.clock.now() })).find((r) => (r.report?.revisions ?? 0) > 1)!;
    const body = (await (await get(`/api/reports/${corrected.report!.id}/revisions`)).json()) as { revisions: { revision: number; channel: string; at: string; value: { number: number | null } }[] };
    expect(body.revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(body.revisions.at(-1)!.value.number).toBe(corrected.report!.valueNumber);
    expect(body.revisions[0]!.channel).toBe(corrected.report!.channel);
    expect((await get("/api/reports/999999/revisions")).status).toBe(404);
  });

  it("sums completeness and timeliness by unit as the read model does", async () => {
    const body = (await (await get("/api/summary?period=2026-11&plan=52/KH-UBND")).json()) as { units: { unitName: string; expected: number; reported: number; onTime: number; completeness: number }[]; total: { expected: number } };
    const model = summariseByUnit(await reportingStatus(service.db, { periodKey: "2026-11", planId, now: service.clock.now() }));
    expect(body.units.map((u) => [u.unitName, u.expected, u.reported, u.onTime])).toEqual(model.map((u) => [u.unitName, u.expected, u.reported, u.onTime]));
    expect(body.total.expected).toBe(model.reduce((n, u) => n + u.expected, 0));
  });

  it("downloads the plan's workbook and the CSV", async () => {
    const res = await get("/api/exports/plan.xlsx?plan=52/KH-UBND&period=2026-11");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name).slice(-3)).toEqual(["Tổng hợp", "Nhiệm vụ", "Dữ liệu"]);
    const csv = await get("/api/exports/reports.csv?period=2026-11&plan=52/KH-UBND");
    expect(csv.status).toBe(200);
    const records = parse((await csv.text()).replace(/^\uFEFF/, ""), { columns: true }) as unknown[];
    expect(records).toHaveLength((await reportingStatus(service.db, { periodKey: "2026-11", planId, now: service.clock.now() })).length);
  });

  it("describes every read route in /api/openapi.json", async () => {
    const doc = (await (await get("/api/openapi.json")).json()) as { openapi: string; paths: Record<string, { get: { parameters: { name: string }[] } }> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/api/exports/plan.xlsx", "/api/exports/reports.csv", "/api/reports", "/api/reports/{id}/revisions", "/api/summary"]);
    expect(doc.paths["/api/reports"]!.get.parameters.map((p) => p.name)).toEqual(["period", "plan", "unit", "status", "page", "pageSize"]);
  });
});
