import { afterEach, describe, expect, it } from "vitest";
import type { CatalogueJson } from "../../src/services/catalogue-json.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

const TOKEN = "s3cret-admin-token-for-tests";

describe("GET /api/catalogue over real HTTP", () => {
  let service: TestApp | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  async function get(path: string, headers: Record<string, string> = {}) {
    if (!service) throw new Error("start the service first");
    const res = await fetch(`${service.base}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it("is closed (403) when no ADMIN_TOKEN is configured, whatever token is sent", async () => {
    service = await startTestApp({ demo: true });
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }, { authorization: "Bearer " }] as Record<string, string>[]) {
      const res = await get("/api/catalogue", headers);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: "admin_api_disabled", message: expect.stringContaining("ADMIN_TOKEN") });
    }
  });

  it("answers 401 to a missing or wrong token, and does not leak the catalogue", async () => {
    service = await startTestApp({ demo: true, env: { ADMIN_TOKEN: TOKEN } });
    for (const headers of [{}, { authorization: "Bearer wrong" }, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }] as Record<string, string>[]) {
      const res = await get("/api/catalogue", headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body).toEqual({ error: "unauthorized", message: expect.stringContaining("Bearer") });
    }
  });

  it("lists the demo plans with each plan's indicators and tasks to a caller with the token", async () => {
    service = await startTestApp({ demo: true, env: { ADMIN_TOKEN: TOKEN } });
    const res = await get("/api/catalogue", { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    const plans = res.body.plans as CatalogueJson[];
    expect(plans.map((p) => [p.plan.number, p.indicators.length, p.tasks.length])).toEqual([
      ["52/KH-UBND", 19, 0],
      ["30/KH-SKHCN", 51, 0],
      ["KH đánh giá KH,CN&ĐMST 2026", 50, 0],
      ["KH triển khai QĐ 11/QĐ-BCĐCP", 19, 10],
    ]);
    const kh52 = plans[0];
    expect(kh52?.plan).toMatchObject({ key: "52/khubnd", date: "2026-02-06", format: "table" });
    const ii1 = kh52?.indicators.find((i) => i.code === "II.1");
    expect(ii1).toMatchObject({
      section: { code: "II" },
      valueKind: "percent",
      direction: "higher",
      targets: [{ year: 2026, level: null, raw: "$\\geq 3\\%$", parsed: { kind: "at_least", value: 3, percent: true } }],
      monitoring: ["Sở Tài chính"],
    });
    expect(ii1?.assignedUnits?.monitoring).toEqual(["Sở Tài chính"]);
    expect(ii1?.assignedUnits?.lead).toContain("Sở Khoa học và Công nghệ");
    const pl24 = plans[3]?.tasks.find((t) => t.code === "PL2.4");
    expect(pl24?.deadline?.parsed).toMatchObject({ kind: "quarter", year: 2026, quarter: 2 });
  });

  it("filters by ?plan=", async () => {
    service = await startTestApp({ demo: true, env: { ADMIN_TOKEN: TOKEN } });
    const auth = { authorization: `Bearer ${TOKEN}` };
    const one = await get(`/api/catalogue?plan=${encodeURIComponent("52/KH-UBND")}`, auth);
    expect(one.status).toBe(200);
    expect((one.body.plans as CatalogueJson[]).map((p) => p.plan.number)).toEqual(["52/KH-UBND"]);

    const byWords = await get(`/api/catalogue?plan=${encodeURIComponent("KH đánh giá")}`, auth);
    expect((byWords.body.plans as CatalogueJson[]).map((p) => p.plan.number)).toEqual(["KH đánh giá KH,CN&ĐMST 2026"]);

    const none = await get("/api/catalogue?plan=999%2FKH-UBND", auth);
    expect(none).toEqual({ status: 200, body: { plans: [] } });
  });

  it("refuses an over-long ?plan= with 400", async () => {
    service = await startTestApp({ env: { ADMIN_TOKEN: TOKEN } });
    const res = await get(`/api/catalogue?plan=${"x".repeat(201)}`, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: "bad_request" });
  });
});
