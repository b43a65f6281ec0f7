import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("configuration", () => {
  it("runs on safe defaults with an empty environment", () => {
    const config = loadConfig({}, "/srv/chitieu");
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe("127.0.0.1");
    expect(config.DATA_DIR).toBe("/srv/chitieu/data");
    expect(config.databaseFile).toBe("/srv/chitieu/data/chitieu.db");
    expect(config.LOAD_DEMO).toBe(true);
    expect(config.ADMIN_TOKEN).toBeUndefined();
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_FILE: "" }, "/x").PORT).toBe(3000);
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["LOG_LEVEL", "loud"],
    ["LOAD_DEMO", "maybe"],
    ["NODE_ENV", "staging"],
    ["INVITE_CODE_TTL_DAYS", "0"],
  ])("refuses %s=%s with a message naming the variable", (name, value) => {
    expect(() => loadConfig({ [name]: value }, "/x")).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value }, "/x")).toThrow(new RegExp(`${name}:`));
  });

  it("honours DATABASE_FILE over DATA_DIR", () => {
    expect(loadConfig({ DATA_DIR: "/var/lib/chitieu", DATABASE_FILE: "/tmp/other.db" }, "/x").databaseFile).toBe("/tmp/other.db");
  });

  it.each([
    ["ZALO_WEBHOOK_SECRET", "shortsec1"],
    ["TELEGRAM_WEBHOOK_SECRET", "tooshort-secret"],
    ["TELEGRAM_BOT_TOKEN", "12345:not-a-real-token-format!"],
    ["ZALO_BOT_TOKEN", "tiny-tok"],
    ["ZALO_CREDENTIALS_KEY", "short-key-value"],
  ])("names %s when its value is refused but never shows the value", (name, value) => {
    const message = configErrorOf({ [name]: value });
    expect(message).toContain(`${name}:`);
    expect(message).not.toContain(value);
    expect(message).toContain(`value hidden, ${value.length} characters`);
  });

  it("never shows a URL's user name and password when the URL is refused", () => {
    const value = "ftp://admin:hunter2-pass@proxy.example.test/bot";
    const message = configErrorOf({ PUBLIC_URL: value });
    expect(message).toContain("PUBLIC_URL:");
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("admin:");
  });

  it("still shows an ordinary refused value, so the operator sees the typo", () => {
    expect(configErrorOf({ PORT: "eighty" })).toContain('(got "eighty")');
  });
});

function configErrorOf(env: Record<string, string>): string {
  try {
    loadConfig(env, "/x");
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error("expected a ConfigError");
}
