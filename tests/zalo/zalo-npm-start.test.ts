import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { FakeZaloBotApi } from "../support/fake-zalo-bot-api.ts";
import { testZaloBotToken, testZaloWebhookSecret } from "../support/test-app.ts";
import { zaloUser } from "../support/zalo-user.ts";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** The real service as `npm start` runs it, on a fresh data folder and a free port, with Zalo variables. */
function startService(dataDir: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", NODE_ENV: "development", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = output.match(w.pattern);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    check();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  /** Resolves when the output shows `pattern`; rejects if the service exits first. */
  const seen = (pattern: RegExp) =>
    Promise.race([
      new Promise<RegExpMatchArray>((resolvePattern) => {
        waiters.push({ pattern, resolve: resolvePattern });
        check();
      }),
      exited.then((code) => Promise.reject(new Error(`service exited with ${code} before ${pattern}:\n${output}`))),
    ]);
  return { child, exited, seen, output: () => output };
}

describe("npm start with the official Zalo bot", () => {
  const dirs: string[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), "chitieu-zalo-start-"));
    dirs.push(d);
    return d;
  };
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("refuses ZALO_TRANSPORT=bot-api without ZALO_BOT_TOKEN, naming the variable", async () => {
    const service = startService(dataDir(), { ZALO_TRANSPORT: "bot-api" });
    expect(await service.exited).toBe(78);
    expect(service.output()).toContain("ZALO_BOT_TOKEN");
  });

  it("with a personal account not yet logged in, says it waits for a QR login and serves the rest", async () => {
    const service = startService(dataDir(), { ZALO_TRANSPORT: "zca" });
    const port = Number((await service.seen(/chitieu is up: http:\/\/127\.0\.0\.1:(\d+)/))[1]);
    await service.seen(/Zalo is waiting for a QR login/);
    expect(service.output()).not.toContain("Zalo is on");
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    service.child.kill("SIGTERM");
    expect(await service.exited).toBe(0);
  });

  it("polls the Bot API without a public URL, answers a message, and stops cleanly", async () => {
    const fake = await new FakeZaloBotApi().start();
    cleanups.push(() => fake.stop());
    const service = startService(dataDir(), { ZALO_TRANSPORT: "bot-api", ZALO_BOT_TOKEN: testZaloBotToken, ZALO_BOT_API_ROOT: fake.apiRoot });
    cleanups.push(() => void service.child.kill("SIGKILL"));
    await service.seen(/Zalo is on \(official bot, polling, account 1459232241454765289\)/);
    const user = zaloUser("c0000000000000000001");
    fake.pushUpdate(user.text("xin chào").result);
    await fake.waitForCalls("sendMessage", 1);
    expect(fake.sentTexts(user.id).join("\n")).toContain("chưa được liên kết");
    service.child.kill("SIGTERM");
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain("stopped");
    expect(service.output()).not.toContain("xin chào");
    expect(service.output()).not.toContain(testZaloBotToken);
  });

  it("sets the webhook with PUBLIC_URL and ZALO_WEBHOOK_SECRET and answers POST /zalo/webhook", async () => {
    const fake = await new FakeZaloBotApi().start();
    cleanups.push(() => fake.stop());
    const service = startService(dataDir(), {
      ZALO_TRANSPORT: "bot-api",
      ZALO_BOT_TOKEN: testZaloBotToken,
      ZALO_BOT_API_ROOT: fake.apiRoot,
      PUBLIC_URL: "https://chitieu.example.test",
      ZALO_WEBHOOK_SECRET: testZaloWebhookSecret,
      // A bot token turns the demo off unless asked for; this fake Bot API on 127.0.0.1 may have it.
      LOAD_DEMO: "true",
    });
    cleanups.push(() => void service.child.kill("SIGKILL"));
    const port = Number((await service.seen(/chitieu is up: http:\/\/127\.0\.0\.1:(\d+)/))[1]);
    await service.seen(/Zalo is on \(official bot, webhook/);
    expect(fake.callsOf("setWebhook")[0]?.payload).toEqual({ url: "https://chitieu.example.test/zalo/webhook", secret_token: testZaloWebhookSecret });
    const user = zaloUser("c0000000000000000002");
    const post = (secret: string) => fetch(`http://127.0.0.1:${port}/zalo/webhook`, { method: "POST", headers: { "content-type": "application/json", "x-bot-api-secret-token": secret }, body: JSON.stringify(user.text("DM-KHCN")) });
    expect((await post("not-the-secret-0123456789")).status).toBe(401);
    expect((await post(testZaloWebhookSecret)).status).toBe(200);
    expect(fake.sentTexts(user.id).join("\n")).toContain("Chào Nguyễn Thị Lan");
    service.child.kill("SIGTERM");
    expect(await service.exited).toBe(0);
  });
});
