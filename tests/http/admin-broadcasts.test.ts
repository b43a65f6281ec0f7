import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { runConversation } from "../chat/run-conversation.ts";

const token = "test-admin-token-123456";
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

describe("admin API: broadcasts", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("previews with dryRun, sends, and reports the status of a broadcast", async () => {
    t = await startTestApp({ demo: true, env: { ADMIN_TOKEN: token } });
    await runConversation(t, { name: "link", turns: [{ as: "0912000001", send: "DM-KHCN" }, { as: "0912000004", send: "DM-TC" }] });
    const body = { audience: { type: "role", role: "focal_point" }, text: "Nhắc báo cáo tháng 11 trước 16h00 ngày 25" };

    const dry = await fetch(`${t.base}/api/broadcasts`, { method: "POST", headers, body: JSON.stringify({ ...body, dryRun: true }) });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ dryRun: true, preview: { people: 5, linked: 2, notLinked: 3 } });

    const sent = await fetch(`${t.base}/api/broadcasts`, { method: "POST", headers, body: JSON.stringify(body) });
    expect(sent.status).toBe(201);
    const { broadcast } = (await sent.json()) as { broadcast: { id: number } };
    const status = await fetch(`${t.base}/api/broadcasts/${broadcast.id}`, { headers });
    expect(await status.json()).toMatchObject({ broadcast: { id: broadcast.id, status: "sending", recipients: 5, notLinked: 3, pending: 2, delivered: 0 } });
  });

  it("answers clear 4xx errors", async () => {
    t = await startTestApp({ demo: true, env: { ADMIN_TOKEN: token } });
    const post = (b: unknown) => fetch(`${t!.base}/api/broadcasts`, { method: "POST", headers, body: JSON.stringify(b) });
    const bad = await post({ audience: { type: "everyone" }, text: "x" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain("audience");
    expect((await post({ audience: { type: "all" }, text: "   " })).status).toBe(400);
    const nobody = await post({ audience: { type: "all" }, text: "Xin chào" });
    expect(nobody.status).toBe(422);
    expect((await fetch(`${t.base}/api/broadcasts/9999`, { headers })).status).toBe(404);
    expect((await fetch(`${t.base}/api/broadcasts/abc`, { headers })).status).toBe(400);
    expect((await fetch(`${t.base}/api/broadcasts/1`)).status).toBe(401);
    const noUnit = await post({ audience: { type: "unit", unitId: 99999 }, text: "Xin chào", dryRun: true });
    expect(noUnit.status).toBe(404);
    expect(((await noUnit.json()) as { message: string }).message).toContain("No unit 99999");
    const future = await post({ audience: { type: "not_reported", periodKey: "2031-05" }, text: "Xin chào", dryRun: true });
    expect(future.status).toBe(422);
    expect(await future.json()).toMatchObject({ error: "period_not_started" });
    const notJson = await fetch(`${t.base}/api/broadcasts`, { method: "POST", headers, body: "{not json" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: "bad_request", message: expect.any(String) });
  });
});
