import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { zaloWebhookRoute } from "../../src/http/zalo-webhook-route.ts";
import type { ChannelStatus } from "../../src/services/channel-status.ts";

const secret = "zalo-s3cret-webhook-0123456789";
type Outcome = "handled" | "ignored" | "invalid" | "not_started";

async function appWith(handleUpdate: (body: unknown) => Promise<Outcome>, timeoutMilliseconds?: number, status?: () => ChannelStatus | undefined) {
  const app = Fastify();
  await app.register(zaloWebhookRoute, { secret, handleUpdate, logger: createLogger("silent"), ...(timeoutMilliseconds ? { timeoutMilliseconds } : {}), ...(status ? { status } : {}) });
  return app;
}

const post = (app: Awaited<ReturnType<typeof appWith>>, headerSecret: string | undefined, payload = '{"ok":true,"result":{"event_name":"message.text.received"}}') =>
  app.inject({ method: "POST", url: "/zalo/webhook", headers: { "content-type": "application/json", ...(headerSecret !== undefined ? { "x-bot-api-secret-token": headerSecret } : {}) }, payload });

describe("POST /zalo/webhook", () => {
  it("refuses a wrong secret with 401 before reading the body, and hands nothing on", async () => {
    const bodies: unknown[] = [];
    const app = await appWith(async (b) => (bodies.push(b), "handled"));
    expect((await post(app, "wrong", "{not json")).statusCode).toBe(401);
    expect((await post(app, undefined)).statusCode).toBe(401);
    expect((await post(app, `${secret}x`)).statusCode).toBe(401);
    expect(bodies).toEqual([]);
    const ok = await post(app, secret);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ok: true });
    expect(bodies).toEqual([{ ok: true, result: { event_name: "message.text.received" } }]);
  });

  it("answers 503 while the bot has not started, so that Zalo tries again", async () => {
    const app = await appWith(async () => "not_started");
    expect((await post(app, secret)).statusCode).toBe(503);
  });

  it("says in its 503 that Zalo is down, since when and why, when the start keeps failing", async () => {
    const down: ChannelStatus = { state: "down", since: "2026-11-20T02:00:00.000Z", reason: "Zalo Bot API getMe failed: timed out", failures: 2, retrying: true, alerted: false };
    const app = await appWith(async () => "not_started", undefined, () => down);
    const res = await post(app, secret);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ok: false, error: "zalo_down", since: "2026-11-20T02:00:00.000Z", message: "zalo down since 2026-11-20T02:00:00.000Z (retrying): Zalo Bot API getMe failed: timed out" });
  });

  it("answers 200 after its timeout while a slow answer goes on", async () => {
    let finish: (o: Outcome) => void = () => undefined;
    const handling = new Promise<Outcome>((resolve) => (finish = resolve));
    const app = await appWith(() => handling, 1);
    expect((await post(app, secret)).statusCode).toBe(200);
    finish("handled");
    await handling;
  });
});
