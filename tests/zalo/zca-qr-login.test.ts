import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createTranslator } from "../../src/i18n/translator.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import QRCode from "qrcode";
import { afterEach, describe, expect, it } from "vitest";
import { credentialsStoreFor } from "../../bots/zalo/zca/credentials-store.ts";
import { renderQrForTerminal } from "../../bots/zalo/zca/render-qr-for-terminal.ts";
import { zaloLoginRoutes } from "../../bots/zalo/zca/zalo-login-routes.ts";
import type { ZcaTransportState } from "../../bots/zalo/zca/create-zca-transport.ts";
import { zaloCommand } from "../../src/cli/zalo-command.ts";
import type { CliContext } from "../../src/cli/cli-context.ts";
import { createLogger } from "../../src/logger.ts";
import { FakeZca, savedCredentials } from "../support/fake-zca.ts";
import { testConfig } from "../support/test-config.ts";

const logger = createLogger("silent");
const adminToken = "admin-token-0123456789abcdef";

/** Lets pending file writes and promise chains run, without waiting on a timer. */
async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 10_000 && !(await done()); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!(await done())) throw new Error("until: the condition never held");
}

/** The CLI's words in a language, as src/cli/main.ts makes them (English for the expectations below, as with LANG=en). */
function sayIn(locale: "vi" | "en") {
  const translator = createTranslator(locale);
  return (key: string, params?: Record<string, string | number>) => translator.t(locale, { key, ...(params ? { params } : {}) });
}

function setup(env: Record<string, string> = {}, locale: "vi" | "en" = "en") {
  const dir = mkdtempSync(join(tmpdir(), "chitieu-zalo-qr-"));
  dirs.push(dir);
  const config = testConfig(dir, { ZALO_TRANSPORT: "zca", ADMIN_TOKEN: adminToken, ...env });
  const lines: string[] = [];
  const ctx = { config, out: (line: string) => void lines.push(line), now: () => new Date("2026-11-20T02:00:00Z"), locale, say: sayIn(locale) } as unknown as CliContext;
  return { dir, config, ctx, lines, fake: new FakeZca(), store: credentialsStoreFor(config) };
}
const dirs: string[] = [];

describe("zalo login / status / logout (npm run -s cli -- zalo …)", () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("prints Zalo's QR code in the terminal and as a PNG, waits for the scan, and saves the credentials with mode 600", async () => {
    const { ctx, lines, fake, store, dir } = setup();
    const done = zaloCommand(ctx, ["login"], { zalo: fake.factory });
    await until(() => lines.some((l) => l.includes("scan this code")));
    const png = readFileSync(join(dir, "zalo-qr.png"));
    // The terminal shows exactly the modules of Zalo's image, drawn as qrcode's small terminal output.
    const expected = await QRCode.toString("https://id.zalo.me/account/qr?code=fake-1", { type: "terminal", small: true });
    expect(renderQrForTerminal(png)).toBe(expected);
    expect(lines.join("\n")).toContain(expected);
    expect(lines.join("\n")).toContain("zalo-qr.png");
    await fake.qr.scan("Sở KH&CN Thái Nguyên");
    expect(await done).toBe(0);
    expect(lines.join("\n")).toContain("Scanned by Sở KH&CN Thái Nguyên");
    expect(lines.join("\n")).toContain(`Logged in as Sở KH&CN Thái Nguyên (Zalo id ${fake.ownId})`);
    const saved = await store.load();
    expect(saved).toMatchObject({ imei: "imei-from-qr", ownId: fake.ownId, displayName: "Sở KH&CN Thái Nguyên", cookie: [{ key: "zpw_sek", value: "refreshed-1" }] });
    expect(saved?.userAgent).toMatch(/^Mozilla\/5\.0/);
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, "zalo-qr.png"))).toBe(false);
    expect(lines.join("\n")).not.toContain("refreshed-1");
  });

  it("shows a new code when one expires, and saves nothing when the login is declined on the phone", async () => {
    const { ctx, lines, fake, store } = setup();
    const done = zaloCommand(ctx, ["login"], { zalo: fake.factory });
    await fake.qr.shown(1);
    fake.qr.expire();
    await fake.qr.shown(2);
    fake.qr.decline();
    expect(await done).toBe(1);
    expect(lines.join("\n")).toContain("The code expired; here is a new one.");
    expect(lines.at(-1)).toBe("Not logged in: the login was declined on the phone.");
    expect(store.exists()).toBe(false);
  });

  it("encrypts the saved credentials when ZALO_CREDENTIALS_KEY is set", async () => {
    const { ctx, fake, store } = setup({ ZALO_CREDENTIALS_KEY: "k".repeat(40) });
    const done = zaloCommand(ctx, ["login"], { zalo: fake.factory });
    await fake.qr.shown(1);
    await fake.qr.scan();
    expect(await done).toBe(0);
    expect(readFileSync(store.file, "utf8")).not.toContain("imei-from-qr");
    expect((await store.load())?.imei).toBe("imei-from-qr");
  });

  it("status tells which account is saved; logout deletes it", async () => {
    const { ctx, lines, store } = setup();
    expect(await zaloCommand(ctx, ["status"])).toBe(1);
    expect(lines.at(-1)).toContain('run "npm run -s cli -- zalo login"');
    await store.save({ ...savedCredentials, ownId: "7000000000000000001", displayName: "Sở KH&CN" });
    expect(await zaloCommand(ctx, ["status"])).toBe(0);
    expect(lines.join("\n")).toContain("Zalo account: Sở KH&CN (Zalo id 7000000000000000001)");
    expect(lines.join("\n")).not.toContain("saved-cookie");
    expect(await zaloCommand(ctx, ["logout"])).toBe(0);
    expect(store.exists()).toBe(false);
    await expect(zaloCommand(ctx, ["nonsense"])).rejects.toThrow(/zalo login \| zalo status \| zalo logout/);
    const vi = setup({}, "vi");
    expect(await zaloCommand(vi.ctx, ["status"])).toBe(1);
    expect(vi.lines.at(-1)).toContain("Chưa có thông tin đăng nhập Zalo trong");
    await expect(zaloCommand(vi.ctx, ["nonsense"])).rejects.toThrow(/Không có lệnh "zalo nonsense"/);
  });

  it("status words a credentials file it cannot use in the reader's language, never quoting its contents", async () => {
    const vi = setup({ ZALO_CREDENTIALS_KEY: "a-key-that-is-at-least-32-characters-long" }, "vi");
    writeFileSync(vi.store.file, "{ not json saved-cookie");
    expect(await zaloCommand(vi.ctx, ["status"])).toBe(1);
    expect(vi.lines.at(-1)).toBe(`Tệp ${vi.store.file} không phải JSON: đăng nhập lại (npm run -s cli -- zalo login).`);
    await credentialsStoreFor({ ...vi.config, ZALO_CREDENTIALS_KEY: "another-key-that-is-32-characters-long" }).save(savedCredentials);
    expect(await zaloCommand(vi.ctx, ["status"])).toBe(1);
    expect(vi.lines.at(-1)).toContain("Không giải mã được tệp");
    expect(vi.lines.join("\n")).not.toContain("saved-cookie");
    const en = setup({ ZALO_CREDENTIALS_KEY: "a-key-that-is-at-least-32-characters-long" }, "en");
    await credentialsStoreFor({ ...en.config, ZALO_CREDENTIALS_KEY: undefined }).save({ ...savedCredentials, userAgent: "" });
    expect(await zaloCommand(en.ctx, ["status"])).toBe(1);
    expect(en.lines.at(-1)).toContain("lacks the imei, cookie or user agent");
  });
});

describe("the admin QR login page (/admin/zalo/login)", () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function page(over: { transportState?: ZcaTransportState } = {}) {
    const s = setup();
    const calls: string[] = [];
    let markResumed: () => void = () => undefined;
    const resumed = new Promise<void>((resolve) => (markResumed = resolve));
    let state: ZcaTransportState = over.transportState ?? "running";
    const transport = {
      get state() {
        return state;
      },
      suspend: async () => {
        calls.push("suspend");
        state = "suspended";
      },
      resume: async () => {
        calls.push("resume");
        state = "running";
        markResumed();
      },
    };
    const app = Fastify();
    await app.register(zaloLoginRoutes, { config: s.config, logger, zalo: s.fake.factory, transport: () => transport });
    await app.ready();
    apps.push(app);
    return { ...s, app, calls, resumed };
  }
  const apps: Awaited<ReturnType<typeof Fastify>>[] = [];

  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
  });

  it("needs the admin token, as a bearer header or ?token=", async () => {
    const { app, fake } = await page();
    expect((await app.inject({ url: "/admin/zalo/login" })).statusCode).toBe(401);
    expect((await app.inject({ url: "/admin/zalo/login?token=wrong" })).statusCode).toBe(401);
    expect((await app.inject({ url: "/admin/zalo/login/status", headers: { authorization: `Bearer ${adminToken}` } })).statusCode).toBe(200);
    expect(fake.qr.generated).toBe(0);
  });

  it("starts a QR login, serves the code and its status, pauses the running bot meanwhile and resumes it logged in", async () => {
    const { app, fake, calls, store, resumed } = await page();
    const res = await app.inject({ url: `/admin/zalo/login?token=${adminToken}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("/admin/zalo/login/status");
    const status = () => app.inject({ url: `/admin/zalo/login/status?token=${adminToken}` }).then((r) => r.json() as { state: string });
    await until(async () => (await status()).state === "qr");
    expect(calls).toEqual(["suspend"]);
    expect(await status()).toEqual({ state: "qr", qrVersion: 1 });
    const qr = await app.inject({ url: `/admin/zalo/login/qr.png?token=${adminToken}&v=1` });
    expect(qr.headers["content-type"]).toBe("image/png");
    expect(qr.rawPayload.subarray(1, 4).toString()).toBe("PNG");
    // A second page load while the code waits does not start another login.
    await app.inject({ url: `/admin/zalo/login?token=${adminToken}` });
    expect(fake.qr.generated).toBe(1);
    await fake.qr.scan("Sở KH&CN");
    await resumed;
    expect(await status()).toEqual({ state: "logged_in", ownId: fake.ownId, displayName: "Sở KH&CN" });
    expect(calls).toEqual(["suspend", "resume"]);
    expect((await store.load())?.ownId).toBe(fake.ownId);
    expect((await app.inject({ url: `/admin/zalo/login/qr.png?token=${adminToken}` })).statusCode).toBe(404);
  });

  it("does not start a new login over saved credentials unless asked (?new=1)", async () => {
    const { app, fake, store } = await page();
    await store.save({ ...savedCredentials, ownId: "7000000000000000001" });
    await app.inject({ url: `/admin/zalo/login?token=${adminToken}` });
    expect(fake.qr.generated).toBe(0);
    expect((await app.inject({ url: `/admin/zalo/login/status?token=${adminToken}` })).json()).toMatchObject({ state: "idle", saved: { ownId: "7000000000000000001" } });
    await app.inject({ url: `/admin/zalo/login?new=1&token=${adminToken}` });
    await fake.qr.shown(1);
    expect(fake.qr.generated).toBe(1);
  });
});
