import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase } from "../../db/client.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

describe("GET /healthz", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("answers ok over real HTTP when the database answers", async () => {
    t = await startTestApp({ now: "2026-11-23T03:00:00Z" });
    const res = await fetch(`${t.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", time: "2026-11-23T03:00:00.000Z" });
  });

  it("answers 503 when the database is gone", async () => {
    t = await startTestApp();
    await closeDatabase(t.db);
    const res = await fetch(`${t.base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "degraded", database: "error" });
  });
});
