import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { runConversation } from "../chat/run-conversation.ts";

const auth = { authorization: "Bearer test-admin-token-123456" };

describe("admin API: periods", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("lists the current periods, closes one so chat cannot change it, and reopens it", async () => {
    t = await startTestApp({ demo: true, env: { ADMIN_TOKEN: "test-admin-token-123456" } });
    expect((await fetch(`${t.base}/api/periods`)).status).toBe(401);
    const list = (await (await fetch(`${t.base}/api/periods`, { headers: auth })).json()) as { periods: { key: string; closedAt: string | null }[] };
    expect(list.periods.map((p) => p.key)).toEqual(expect.arrayContaining(["2026-11", "2026-10", "2026-Q4", "2026-H2", "2026"]));

    const closed = await fetch(`${t.base}/api/periods/2026-11/close`, { method: "POST", headers: auth });
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as { period: { closedAt: string } }).period.closedAt).toBe("2026-11-20T02:00:00.000Z");

    await runConversation(t, {
      name: "closed period",
      turns: [
        { as: "0912000001", send: "DM-KHCN" },
        { as: "0912000001", send: "5G 72", expect: ["không có kỳ báo cáo nào đang mở"] },
      ],
    });

    const reopened = await fetch(`${t.base}/api/periods/2026-11/reopen`, { method: "POST", headers: auth });
    expect(((await reopened.json()) as { period: { closedAt: string | null } }).period.closedAt).toBeNull();
    await runConversation(t, { name: "reopened", turns: [{ as: "0912000001", send: "5G 72", expect: ["Kiểm tra trước khi lưu"] }] });
  });

  it("refuses what is not a period with a clear 4xx", async () => {
    t = await startTestApp({ env: { ADMIN_TOKEN: "test-admin-token-123456" } });
    const bad = await fetch(`${t.base}/api/periods/not-a-period/close`, { method: "POST", headers: auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain("2026-11");
    const missing = await fetch(`${t.base}/api/periods/999/close`, { method: "POST", headers: auth });
    expect(missing.status).toBe(404);
  });
});
