import { existsSync, readFileSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { housekeeping } from "../../src/jobs/housekeeping.ts";
import { createLogger } from "../../src/logger.ts";
import { peek } from "../support/peek.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, sessionFor } from "./console-session.ts";

const seed000 = readFileSync(join(import.meta.dirname, "../../db/seed/plans/000_de3e58c86f8da385.txt"));

/** A console upload previewed and never confirmed, over a real port: forgotten by housekeeping after a day, and a late confirmation is told so. */
describe("an unconfirmed plan upload", () => {
  let s: TestApp;
  beforeAll(async () => {
    s = await startTestApp({ demo: true });
  }, 60_000);
  afterAll(async () => s?.close());

  it("is forgotten with its file after a day, and confirming it then asks for the file again (410)", async () => {
    const coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    const form = new FormData();
    form.append("_csrf", coordinator.csrf);
    form.append("file", new Blob([new Uint8Array(seed000)]), "KH 52 nhap.txt");
    const page = await (await fetch(`${s.base}/console/plans/upload`, { method: "POST", headers: { cookie: coordinator.cookie }, body: form })).text();
    const fileId = Number(/action="\/console\/plans\/uploads\/(\d+)\/confirm"/.exec(page)?.[1]);
    const row = (await peek<{ sha256: string; plan_id: number | null }>(s.db, "SELECT sha256, plan_id FROM plan_files WHERE id = ?", fileId))!;
    expect(row.plan_id).toBeNull();
    const bytes = join(s.config.DATA_DIR, "plan-files", row.sha256);
    // The file dated by the service's clock, as it is when the clock is the wall's.
    utimesSync(bytes, s.clock.now(), s.clock.now());

    s.clock.advance(25 * 3_600_000);
    expect(await housekeeping(s.db, s.clock, createLogger("silent"), s.config.DATA_DIR)).toMatchObject({ planUploads: 1, planFiles: 1 });
    expect(await peek(s.db, "SELECT count(*) AS n FROM plan_files WHERE id = ?", fileId)).toEqual({ n: 0 });
    expect(existsSync(bytes)).toBe(false);

    // A day later the console session is over too: a new one, then the old confirmation.
    const again = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    const late = await fetch(`${s.base}/console/plans/uploads/${fileId}/confirm`, {
      method: "POST",
      headers: { cookie: again.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: again.csrf, plan: "" }),
    });
    expect(late.status).toBe(410);
    expect(await late.text()).toContain("Bản xem trước này đã quá một ngày");
  });
});
