import { describe, expect, it } from "vitest";
import { ConfigError, demoWanted, loadConfig } from "../src/config.ts";

describe("configuration", () => {
  it("runs on safe defaults with an empty environment", () => {
    const config = loadConfig({}, "/srv/chitieu");
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe("127.0.0.1");
    expect(config.DATA_DIR).toBe("/srv/chitieu/data");
    expect(config.databaseFile).toBe("/srv/chitieu/data/chitieu.db");
    expect(config.LOAD_DEMO).toBeUndefined();
    expect(demoWanted(config)).toBe(true);
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

describe("the demo province", () => {
  const telegram = { TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdef" };
  const fakeTelegram = { ...telegram, TELEGRAM_API_ROOT: "http://127.0.0.1:40123" };

  it.each([
    ["in development with no bot token", {}, true],
    ["in test runs with no bot token", { NODE_ENV: "test" }, true],
    ["when LOAD_DEMO=false, even in development", { LOAD_DEMO: "false" }, false],
    ["never with NODE_ENV=production", { NODE_ENV: "production" }, false],
    ["not by default once a bot token is set", fakeTelegram, false],
    ["never with a real Telegram bot", telegram, false],
    ["never with a Zalo account (zca)", { ZALO_TRANSPORT: "zca" }, false],
    ["never with the official Zalo bot", { ZALO_TRANSPORT: "bot-api", ZALO_BOT_TOKEN: "zalo-token-0123456789" }, false],
    ["when asked for, with a bot against a fake Bot API on this machine", { ...fakeTelegram, LOAD_DEMO: "true" }, true],
  ])("loads %s", (_what, env: Record<string, string>, loads) => {
    expect(demoWanted(loadConfig(env, "/x"))).toBe(loads);
  });

  it.each([
    ["NODE_ENV=production", { NODE_ENV: "production", LOAD_DEMO: "true" }, /NODE_ENV=production/],
    ["a real Telegram bot", { ...telegram, LOAD_DEMO: "true" }, /real Telegram or Zalo channel/],
    ["a Zalo account", { ZALO_TRANSPORT: "zca", LOAD_DEMO: "true" }, /real Telegram or Zalo channel/],
  ])("refuses LOAD_DEMO=true with %s, naming the variable", (_what, env: Record<string, string>, reason) => {
    const message = configErrorOf(env);
    expect(message).toContain("LOAD_DEMO:");
    expect(message).toMatch(reason);
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
