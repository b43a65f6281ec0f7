import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialsError, createCredentialsStore } from "../../bots/zalo/zca/credentials-store.ts";

const credentials = {
  imei: "3f1c2a9e-imei-device-id",
  cookie: [{ key: "zpw_sek", value: "SECRET-COOKIE-VALUE", domain: "chat.zalo.me", path: "/" }],
  userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0",
  ownId: "7000000000000000001",
};
const key = "a-credentials-key-of-at-least-32-characters!";

describe("zca-js credentials on disk", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "chitieu-zalo-creds-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("saves imei, cookie and user agent together with file mode 600 and reads them back", async () => {
    const file = join(dir, "sub", "zalo-credentials.json");
    const store = createCredentialsStore({ file, now: () => new Date("2026-11-20T02:00:00Z") });
    expect(store.exists()).toBe(false);
    expect(await store.load()).toBeNull();
    await store.save(credentials);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.load()).toEqual({ ...credentials, savedAt: "2026-11-20T02:00:00.000Z" });
  });

  it("keeps mode 600 when saving over an existing file, without leaving temp files", async () => {
    const file = join(dir, "zalo-credentials.json");
    writeFileSync(file, "{}", { mode: 0o644 });
    const store = createCredentialsStore({ file });
    await store.save(credentials);
    await store.save({ ...credentials, cookie: [{ key: "zpw_sek", value: "refreshed" }] });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await store.load())?.cookie).toEqual([{ key: "zpw_sek", value: "refreshed" }]);
    expect(readdirSync(dir)).toEqual(["zalo-credentials.json"]);
  });

  it("encrypts with ZALO_CREDENTIALS_KEY: nothing readable on disk, round-trips with the key", async () => {
    const file = join(dir, "zalo-credentials.json");
    await createCredentialsStore({ file, key }).save(credentials);
    const raw = readFileSync(file, "utf8");
    for (const secret of ["SECRET-COOKIE-VALUE", credentials.imei, "Chrome/131", credentials.ownId]) expect(raw).not.toContain(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await createCredentialsStore({ file, key }).load()).toMatchObject(credentials);
  });

  it("cannot be read without the key, or with another key, and says what to do without quoting the file", async () => {
    const file = join(dir, "zalo-credentials.json");
    await createCredentialsStore({ file, key }).save(credentials);
    await expect(createCredentialsStore({ file }).load()).rejects.toThrow(/encrypted: set ZALO_CREDENTIALS_KEY/);
    const wrong = await createCredentialsStore({ file, key: "another-key-that-is-32-characters-long" }).load().catch((err: unknown) => err);
    expect(wrong).toBeInstanceOf(CredentialsError);
    expect((wrong as Error).message).toMatch(/cannot be decrypted with this ZALO_CREDENTIALS_KEY/);
    expect((wrong as Error).message).not.toContain("SECRET");
  });

  it("refuses a file that lacks the user agent: a cookie alone does not log in", async () => {
    const file = join(dir, "zalo-credentials.json");
    writeFileSync(file, JSON.stringify({ imei: "x", cookie: credentials.cookie, savedAt: "2026-11-20T02:00:00Z" }));
    await expect(createCredentialsStore({ file }).load()).rejects.toThrow(/imei, cookie or user agent/);
  });

  it("logout deletes the file", async () => {
    const file = join(dir, "zalo-credentials.json");
    const store = createCredentialsStore({ file });
    await store.save(credentials);
    expect(await store.remove()).toBe(true);
    expect(await store.remove()).toBe(false);
    expect(await store.load()).toBeNull();
  });
});

