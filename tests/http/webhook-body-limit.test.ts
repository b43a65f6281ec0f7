import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, testWebhookSecret, testZaloWebhookSecret, type TestApp } from "../support/test-app.ts";

interface Answer {
  status: number;
  body: string;
}

/**
 * POSTs `bytes` of JSON over a new TCP connection the way curl does: the whole request is written
 * first and the answer read only after, so a server that closes on a client still sending shows up
 * as a reset (the kernel drops what it had received) instead of a lucky early read.
 */
function postBig(base: string, path: string, headers: Record<string, string>, bytes: number): Promise<Answer> {
  const url = new URL(base);
  const body = Buffer.from(JSON.stringify({ update_id: 1, padding: "x".repeat(Math.max(0, bytes - 40)) }));
  const head = [`POST ${path} HTTP/1.1`, `Host: ${url.host}`, "Content-Type: application/json", `Content-Length: ${body.length}`, "Connection: close"]
    .concat(Object.entries(headers).map(([k, v]) => `${k}: ${v}`))
    .join("\r\n");
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    socket.pause();
    socket.on("error", reject);
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    socket.on("end", () => {
      const text = Buffer.concat(received).toString();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf("\r\n\r\n") + 4) });
    });
    socket.write(`${head}\r\n\r\n`);
    socket.write(body, () => socket.resume());
  });
}

describe("webhook bodies over the size limit", { timeout: 60_000 }, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ telegram: true, zalo: true });
  });
  afterAll(async () => {
    await app.close();
  });

  it.each([
    ["Telegram", "/telegram/webhook", "x-telegram-bot-api-secret-token", testWebhookSecret],
    ["Zalo", "/zalo/webhook", "x-bot-api-secret-token", testZaloWebhookSecret],
  ])("%s: a 10 MB body with the right secret gets 413, like a 1.5 MB one, and the service keeps answering", async (_name, path, header, secret) => {
    for (const bytes of [1_500_000, 10 * 1024 * 1024]) {
      const answer = await postBig(app.base, path, { [header]: secret }, bytes);
      expect(answer.status).toBe(413);
      expect(answer.body).toContain("too large");
    }
    expect((await fetch(`${app.base}/healthz`)).status).toBe(200);
  });

  it.each([
    ["Telegram", "/telegram/webhook", "x-telegram-bot-api-secret-token"],
    ["Zalo", "/zalo/webhook", "x-bot-api-secret-token"],
  ])("%s: a 10 MB body with a wrong secret gets 401, not a reset", async (_name, path, header) => {
    const answer = await postBig(app.base, path, { [header]: "wrong-secret-0123456789" }, 10 * 1024 * 1024);
    expect(answer.status).toBe(401);
  });
});
