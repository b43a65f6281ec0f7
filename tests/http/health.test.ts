import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase } from "../../db/client.ts";
import { buildApp, type App } from "../../src/app.ts";
import { fixedClock } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { testConfig } from "../support/test-config.ts";

describe("GET /healthz", () => {
  let app: App | undefined;
  let remove: (() => void) | undefined;
  afterEach(async () => {
    await app?.close();
    remove?.();
  });

  async function start(env: Record<string, string> = {}) {
    const t = tempDatabase();
    remove = t.remove;
    app = await buildApp({ config: testConfig(t.dir, env), db: t.db, clock: fixedClock("2026-11-23T03:00:00Z"), logger: createLogger("silent") });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as { port: number };
    return { base: `http://127.0.0.1:${port}`, db: t.db };
  }

  it("answers ok over real HTTP when the database answers", async () => {
    const { base } = await start();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", time: "2026-11-23T03:00:00.000Z" });
  });

  it("answers 503 when the database is gone", async () => {
    const { base, db } = await start();
    closeDatabase(db);
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "degraded", database: "error" });
  });
});
